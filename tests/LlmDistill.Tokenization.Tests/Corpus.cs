namespace LlmDistill.Tokenization.Tests;

/// <summary>A synthetic training corpus: word problems like the built-in task, plus the stress strings.</summary>
internal static class Corpus
{
    private static readonly string[] Names = ["Alice", "Bob", "Chen", "Dana", "Emeka", "Fatima", "Gustavo", "Hiro"];
    private static readonly string[] Items = ["apples", "pencils", "marbles", "stickers", "books", "cookies"];

    public static List<string> Generate(int problems, int seed)
    {
        var random = new Random(seed);
        var texts = new List<string>(problems * 2);
        for (var i = 0; i < problems; i++)
        {
            var (name, item) = (Names[random.Next(Names.Length)], Items[random.Next(Items.Length)]);
            var (a, k, m, g) = (random.Next(1, 60), random.Next(1, 10), random.Next(1, 12), random.Next(1, 20));
            texts.Add($"{name} has {a} {item}, buys {k} boxes of {m} and gives away {g}. How many {item} does {name} have now?\n" +
                      $"{k}*{m}={k * m}. {a}+{k * m}={a + k * m}. {a + k * m}-{g}={a + k * m - g}. #### {a + k * m - g}");
        }
        texts.AddRange(TestStrings.Generate(problems, seed + 1, []));
        return texts;
    }

    /// <summary>Sentences of made-up words (Zipf-like syllable choice): many distinct words, like real prose.</summary>
    public static List<string> Prose(int sentences, int seed)
    {
        string[] syllables = ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "an", "or", "ul", "ing", "ed", "th", "st", "qu", "ph"];
        var random = new Random(seed);
        var texts = new List<string>(sentences);
        var sb = new System.Text.StringBuilder();
        for (var i = 0; i < sentences; i++)
        {
            sb.Clear();
            for (var w = random.Next(5, 20); w > 0; w--)
            {
                sb.Append(w % 7 == 0 ? ", " : " ");
                for (var s = random.Next(1, 5); s > 0; s--)
                    sb.Append(syllables[(int)(syllables.Length * Math.Pow(random.NextDouble(), 2))]);
            }
            sb.Append(". ").Append(random.Next(1000));
            texts.Add(sb.ToString());
        }
        return texts;
    }

    /// <summary>Real text: lines of llama.cpp's docs and sources (in path order), up to about <paramref name="maxChars"/>.</summary>
    public static List<string> LlamaCppText(long maxChars)
    {
        var files = Directory.EnumerateFiles(LlmDistill.Tests.Shared.LlamaCppSource.Directory, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".md", StringComparison.Ordinal) || f.EndsWith(".cpp", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        var lines = new List<string>();
        var total = 0L;
        foreach (var line in files.SelectMany(File.ReadLines))
        {
            if (total > maxChars)
                break;
            lines.Add(line + "\n");
            total += line.Length + 1;
        }
        return lines;
    }
}
