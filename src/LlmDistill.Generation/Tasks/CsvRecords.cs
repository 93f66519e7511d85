using System.Text;
using LlmDistill.Core.Errors;

namespace LlmDistill.Generation.Tasks;

/// <summary>
/// RFC 4180 CSV: a header row, then records; fields may be quoted, with <c>""</c> for a quote and line
/// breaks inside quotes. Yields each record as header → value with the line it started on.
/// </summary>
internal static class CsvRecords
{
    public static IEnumerable<(int Line, Dictionary<string, string> Fields)> Read(TextReader reader, string source)
    {
        string[]? header = null;
        foreach (var (line, fields) in Records(reader, source))
        {
            if (header is null)
            {
                header = [.. fields.Select(f => f.Trim())];
                var duplicate = header.GroupBy(h => h).FirstOrDefault(g => g.Count() > 1);
                if (duplicate is not null)
                    throw new InvalidInputException($"{source}:1: duplicate column '{duplicate.Key}'");
                continue;
            }
            if (fields.Count == 1 && fields[0].Length == 0)
                continue; // blank line
            if (fields.Count != header.Length)
                throw new InvalidInputException($"{source}:{line}: {fields.Count} fields, but the header has {header.Length}");
            yield return (line, header.Zip(fields).ToDictionary(p => p.First, p => p.Second));
        }
    }

    private static IEnumerable<(int Line, List<string> Fields)> Records(TextReader reader, string source)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var start = 1;
        var quoted = false;
        var afterQuote = false;
        int c;
        while ((c = reader.Read()) >= 0)
        {
            if (quoted)
            {
                if (c == '"')
                {
                    if (reader.Peek() == '"') { reader.Read(); field.Append('"'); }
                    else { quoted = false; afterQuote = true; }
                }
                else
                {
                    if (c == '\n') line++;
                    field.Append((char)c);
                }
                continue;
            }
            switch (c)
            {
                case '"' when field.Length == 0 && !afterQuote:
                    quoted = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    afterQuote = false;
                    break;
                case '\r' when reader.Peek() == '\n':
                    break;
                case '\n':
                    fields.Add(field.ToString());
                    yield return (start, fields);
                    fields = [];
                    field.Clear();
                    afterQuote = false;
                    start = ++line;
                    break;
                default:
                    if (afterQuote)
                        throw new InvalidInputException($"{source}:{line}: text after a closing quote");
                    field.Append((char)c);
                    break;
            }
        }
        if (quoted)
            throw new InvalidInputException($"{source}:{start}: unterminated quoted field");
        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            yield return (start, fields);
        }
    }
}
