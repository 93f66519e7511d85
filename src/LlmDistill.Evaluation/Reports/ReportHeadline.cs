using LlmDistill.Evaluation.Reports.Content;
using LlmDistill.Evaluation.Reports.Input;

namespace LlmDistill.Evaluation.Reports;

/// <summary>
/// The report's first sentence: how the best step-by-step student (the best student of any objective when none is
/// labelled step-by-step) compares with the teacher. Ratios are null when a side lacks the number.
/// </summary>
/// <param name="Text">One plain sentence, printed by the CLI and at the top of both report files.</param>
/// <param name="SizeRatio">Teacher parameters ÷ student parameters (file sizes when a parameter count is missing).</param>
/// <param name="SpeedRatio">Student tokens/s ÷ teacher tokens/s.</param>
/// <param name="AccuracyKept">Student accuracy ÷ teacher accuracy, a fraction (0.95 = keeps 95 %).</param>
public sealed record ReportHeadline(
    string Text,
    EvaluatedRun? Teacher,
    EvaluatedRun? Student,
    double? SizeRatio,
    double? SpeedRatio,
    double? AccuracyKept)
{
    /// <summary>Whether <see cref="SizeRatio"/> compares file sizes because a parameter count was missing.</summary>
    public bool SizeFromFiles { get; init; }

    public static ReportHeadline From(IReadOnlyList<EvaluatedRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var teacher = Best(runs.Where(r => r.Role == RunRole.Teacher));
        var students = runs.Where(r => r.Role == RunRole.Student).ToList();
        var student = Best(students.Where(r => r.Objective == Objectives.StepByStep)) ?? Best(students);
        var which = student?.Objective == Objectives.StepByStep ? "step-by-step student"
            : student?.Objective is { } o ? $"student ({o}; no step-by-step run)" : "student";

        if (student is null)
        {
            var text = teacher is null
                ? "No teacher or student runs to compare."
                : $"No student run was given: only the teacher, {teacher.Name}, at {Formats.Percent(teacher.Accuracy.Value)} accuracy.";
            return new ReportHeadline(text, teacher, null, null, null, null);
        }
        if (teacher is null)
        {
            return new ReportHeadline(
                $"No teacher run was given, so there is nothing to compare against: the best {which}, {student.Name}, "
                + $"scores {Formats.Percent(student.Accuracy.Value)}.", null, student, null, null, null);
        }

        var fromFiles = teacher.Parameters is null || student.Parameters is null;
        var size = fromFiles ? Divide(teacher.FileBytes, student.FileBytes) : Divide(teacher.Parameters, student.Parameters);
        var speed = Divide(student.Speed.TokensPerSecond, teacher.Speed.TokensPerSecond);
        var kept = teacher.Accuracy.Value > 0 ? student.Accuracy.Value / teacher.Accuracy.Value : (double?)null;

        var clauses = new List<string>();
        if (size is { } s)
            clauses.Add(s >= 1 ? $"{Formats.Ratio(s)} smaller" : $"{Formats.Ratio(1 / s)} larger");
        if (speed is { } v)
            clauses.Add(v >= 1 ? $"{Formats.Ratio(v)} faster" : $"{Formats.Ratio(1 / v)} slower");
        clauses.Add(kept is { } k
            ? $"keeps {Formats.Percent(k)} of the teacher's accuracy"
            : "cannot be compared on accuracy (the teacher scored 0%)");
        var sentence = $"The best {which}, {student.Name}, is {Join(clauses)} "
            + $"({Formats.Percent(student.Accuracy.Value)} vs {Formats.Percent(teacher.Accuracy.Value)}).";
        return new ReportHeadline(sentence, teacher, student, size, speed, kept) { SizeFromFiles = fromFiles && size is not null };
    }

    // Most accurate first; on a tie the smaller model, then the name, so the choice never depends on argument order.
    private static EvaluatedRun? Best(IEnumerable<EvaluatedRun> runs) => runs
        .OrderByDescending(r => r.Accuracy.Value)
        .ThenBy(r => r.Parameters ?? long.MaxValue)
        .ThenBy(r => r.Name, StringComparer.Ordinal)
        .FirstOrDefault();

    private static double? Divide(double? a, double? b) => a > 0 && b > 0 ? a / b : null;

    private static string Join(List<string> clauses) => clauses.Count switch
    {
        1 => clauses[0],
        2 => $"{clauses[0]} and {clauses[1]}",
        _ => string.Join(", ", clauses.Take(clauses.Count - 1)) + " and " + clauses[^1],
    };
}
