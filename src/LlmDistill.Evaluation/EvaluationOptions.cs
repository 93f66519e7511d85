using LlmDistill.Evaluation.Metrics;
using LlmDistill.Evaluation.Prompts;
using LlmDistill.Evaluation.Teachers;

namespace LlmDistill.Evaluation;

/// <summary>What an evaluation asks and where it writes. Validated as it is built.</summary>
public sealed record EvaluationOptions
{
    private readonly int _maxTokens = 256;
    private readonly float _temperature;

    /// <summary>Where predictions.parquet and metrics.json go.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>How questions become prompts and completions become answers.</summary>
    public required QuestionFormat Format { get; init; }

    /// <summary>Why this model is evaluated (metrics.json <c>model.role</c>).</summary>
    public ModelRole Role { get; init; } = ModelRole.Student;

    /// <summary>The tasks file the items came from, for metrics.json; null for built-in items.</summary>
    public string? TasksPath { get; init; }

    /// <summary>Most tokens generated per question.</summary>
    public int MaxTokens
    {
        get => _maxTokens;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _maxTokens = value;
        }
    }

    /// <summary>0 = greedy (default): the same model and questions give the same predictions.</summary>
    public float Temperature
    {
        get => _temperature;
        init
        {
            if (!float.IsFinite(value) || value < 0)
                throw new ArgumentOutOfRangeException(nameof(Temperature), value, "temperature must be finite and >= 0");
            _temperature = value;
        }
    }

    /// <summary>Seed for sampled decoding; null = random.</summary>
    public uint? Seed { get; init; }

    /// <summary>Generation stops before the first of these strings.</summary>
    public IReadOnlyList<string> StopStrings { get; init; } = [];

    /// <summary>The teacher's answers, for agreement and rationale ROUGE-L; null to skip both.</summary>
    public TeacherAnswers? Teacher { get; init; }

    /// <summary>Copied to metrics.json <c>labels</c> so reports can group runs (objective, student size, …).</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>Replace an existing evaluation in <see cref="OutputDirectory"/>; otherwise one there is an error.</summary>
    public bool Overwrite { get; init; }

    /// <summary>Told after each answered question.</summary>
    public IProgress<EvaluationProgress>? Progress { get; init; }
}
