using LlmDistill.Core.Errors;
using LlmDistill.Core.Examples;
using LlmDistill.Evaluation.Output;
using LlmDistill.Storage.Examples;

namespace LlmDistill.Evaluation.Teachers;

/// <summary>
/// The teacher's answers to compare a model with, looked up by question (instruction and input, trimmed). They
/// come from the teacher's generated dataset (<c>RUN/examples/*.parquet</c>) or from a teacher evaluation's
/// <c>predictions.parquet</c>. When a question has several samples, the first with an answer wins (an
/// <c>ok</c> row at the lowest sample index), so parse failures only count when the teacher never answered.
/// </summary>
public sealed class TeacherAnswers
{
    private readonly Dictionary<string, TeacherAnswer> _byQuestion;

    private TeacherAnswers(string source, Dictionary<string, TeacherAnswer> byQuestion)
    {
        Source = source;
        _byQuestion = byQuestion;
    }

    /// <summary>Where the answers came from (metrics.json <c>teacher.source</c>).</summary>
    public string Source { get; }

    /// <summary>Distinct questions known.</summary>
    public int Count => _byQuestion.Count;

    /// <summary>
    /// Loads a teacher's answers: a generation run directory (its examples), an eval directory (its
    /// predictions.parquet) or a predictions.parquet file.
    /// </summary>
    /// <exception cref="InvalidInputException">Nothing readable at <paramref name="path"/>.</exception>
    public static async Task<TeacherAnswers> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (Directory.Exists(path) && File.Exists(EvaluationDirectory.PredictionsPath(path)))
            path = EvaluationDirectory.PredictionsPath(path);
        if (File.Exists(path))
        {
            var predictions = await PredictionsFile.ReadAsync(path, cancellationToken).ConfigureAwait(false);
            return From(path, predictions.Select(p => new TeacherAnswer(p.Instruction, p.Input, p.Answer, p.Rationale)));
        }
        if (!Directory.Exists(path))
            throw new InvalidInputException($"{path}: teacher answers not found (expected a generation run directory or a predictions.parquet)");

        var rows = new List<Example>();
        await foreach (var example in ExampleDatasetReader.Open(path).ReadAsync(ExampleFilter.All, cancellationToken).ConfigureAwait(false))
            rows.Add(example);
        var ranked = rows
            .OrderBy(e => e.Status == ExampleStatus.Ok && e.Answer is not null ? 0 : 1)
            .ThenBy(e => e.SampleIndex)
            .Select(e => new TeacherAnswer(e.Instruction, e.Input, e.Answer, e.Rationale));
        return From(path, ranked);
    }

    /// <summary>Answers given directly (an adapter, a test); the first answer per question wins.</summary>
    public static TeacherAnswers From(string source, IEnumerable<TeacherAnswer> answers)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        ArgumentNullException.ThrowIfNull(answers);
        var byQuestion = new Dictionary<string, TeacherAnswer>(StringComparer.Ordinal);
        foreach (var answer in answers)
            byQuestion.TryAdd(Key(answer.Instruction, answer.Input), answer);
        if (byQuestion.Count == 0)
            throw new InvalidInputException($"{source}: holds no teacher answers");
        return new TeacherAnswers(source, byQuestion);
    }

    /// <summary>The teacher's answer to a question, or null when the teacher was not asked it.</summary>
    public TeacherAnswer? Find(string instruction, string input) =>
        _byQuestion.GetValueOrDefault(Key(instruction, input));

    private static string Key(string instruction, string? input) => $"{instruction.Trim()}\u0000{(input ?? "").Trim()}";
}
