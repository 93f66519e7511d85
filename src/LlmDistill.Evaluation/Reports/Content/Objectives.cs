using LlmDistill.Evaluation.Reports.Input;
using LlmDistill.Evaluation.Reports.Svg;

namespace LlmDistill.Evaluation.Reports.Content;

/// <summary>
/// One look per kind of run, the same in every chart and table: the teacher is a black star, step-by-step students
/// blue circles, answer-only orange squares, token-KD green diamonds.
/// </summary>
internal static class Objectives
{
    public const string StepByStep = "step-by-step";
    public const string AnswerOnly = "answer-only";
    public const string TokenKd = "token-kd";

    private static readonly SeriesStyle Teacher = new("Teacher", Palette.Black, MarkerShape.Star);
    private static readonly SeriesStyle Baseline = new("Baseline", Palette.Vermillion, MarkerShape.Triangle);
    private static readonly SeriesStyle Unlabelled = new("Student (unlabelled)", Palette.SkyBlue, MarkerShape.Circle);

    private static readonly Dictionary<string, SeriesStyle> Known = new(StringComparer.Ordinal)
    {
        [StepByStep] = new("Step-by-step", Palette.Blue, MarkerShape.Circle),
        [AnswerOnly] = new("Answer-only", Palette.Orange, MarkerShape.Square),
        [TokenKd] = new("Token KD", Palette.BluishGreen, MarkerShape.Diamond),
        ["cot"] = new("Chain of thought", Palette.ReddishPurple, MarkerShape.Triangle),
    };

    /// <summary>Where a kind sorts in legends and bar groups.</summary>
    public static int Rank(EvaluatedRun run) => run.Role switch
    {
        RunRole.Teacher => 0,
        RunRole.Baseline => 9,
        _ => run.Objective switch
        {
            StepByStep => 1,
            AnswerOnly => 2,
            TokenKd => 3,
            "cot" => 4,
            null => 8,
            _ => 5,
        },
    };

    public static SeriesStyle Style(EvaluatedRun run)
    {
        if (run.Role == RunRole.Teacher)
            return Teacher;
        if (run.Role == RunRole.Baseline)
            return Baseline;
        if (run.Objective is null)
            return Unlabelled;
        return Known.TryGetValue(run.Objective, out var style)
            ? style
            : new SeriesStyle(run.Objective, Palette.ReddishPurple, MarkerShape.Triangle);
    }
}
