using System.Text;
using LlmDistill.Evaluation.Reports.Input;
using LlmDistill.Evaluation.Reports.Svg;

namespace LlmDistill.Evaluation.Reports.Content;

/// <summary>The report's charts, built from its runs; a chart with nothing to show is left out rather than drawn empty.</summary>
internal static class ReportCharts
{
    private static readonly IReadOnlyList<double> AccuracyTicks = [0, 0.2, 0.4, 0.6, 0.8, 1];

    // Fixed colours for the usual loss fields, so "validation loss" looks the same in every run's chart.
    private static readonly Dictionary<string, SeriesStyle> KnownLosses = new(StringComparer.Ordinal)
    {
        ["loss"] = new("train loss", Palette.Blue),
        ["train_loss"] = new("train loss", Palette.Blue),
        ["val_loss"] = new("validation loss", Palette.Vermillion, MarkerShape.Square, Dashed: true),
        ["validation_loss"] = new("validation loss", Palette.Vermillion, MarkerShape.Square, Dashed: true),
        ["eval_loss"] = new("validation loss", Palette.Vermillion, MarkerShape.Square, Dashed: true),
        ["loss_answer"] = new("answer loss", Palette.Orange, MarkerShape.Diamond),
        ["loss_rationale"] = new("rationale loss", Palette.BluishGreen, MarkerShape.Triangle),
        ["loss_kd"] = new("token-KD loss", Palette.ReddishPurple, MarkerShape.Star),
    };

    // Charts that share a row: drawn at about the size they are shown on a laptop, so their text is not shrunk.
    private const double HalfWidth = 500;

    private static Axis AccuracyAxis => Axis.Fixed("Accuracy", AxisScale.Linear, AccuracyTicks, Axis.Percent);

    public static IReadOnlyList<ReportFigure> Overview(IReadOnlyList<EvaluatedRun> runs)
    {
        var figures = new List<ReportFigure>();
        var interval = IntervalNote(runs);

        var byParameters = runs.Where(r => r.Parameters is not null).ToList();
        var sized = byParameters.Count >= runs.Count(r => r.FileBytes is not null)
            ? byParameters.Select(r => (r, size: (double)r.Parameters!.Value)).ToList()
            : runs.Where(r => r.FileBytes is not null).Select(r => (r, size: (double)r.FileBytes!.Value)).ToList();
        if (sized.Count > 0)
        {
            var what = sized.Count == byParameters.Count && byParameters.Count > 0 ? "Parameters" : "Model file size (bytes)";
            var chart = new ScatterChart
            {
                Title = "Accuracy vs model size",
                XAxis = Axis.Log10($"{what}, log scale", sized.Min(s => s.size), sized.Max(s => s.size)),
                YAxis = AccuracyAxis,
                Points = sized.Select(s => Point(s.r, s.size)).ToList(),
                Width = HalfWidth,
            };
            figures.Add(new ReportFigure("accuracy-vs-size", "Accuracy vs model size",
                $"Test accuracy against {what.ToLowerInvariant()} (log scale). Up and to the left is better: as accurate, smaller.{interval}",
                chart.ToSvg()));
        }

        var fast = runs.Where(r => r.Speed.TokensPerSecond is not null).ToList();
        if (fast.Count > 0)
        {
            var min = fast.Min(r => r.Speed.TokensPerSecond!.Value);
            var max = fast.Max(r => r.Speed.TokensPerSecond!.Value);
            var log = max / min >= 10;
            var chart = new ScatterChart
            {
                Title = "Accuracy vs speed",
                XAxis = log
                    ? Axis.Log10("Generated tokens per second, log scale", min, max)
                    : Axis.Linear("Generated tokens per second", min, max, Axis.Si, includeZero: true),
                YAxis = AccuracyAxis,
                Points = fast.Select(r => Point(r, r.Speed.TokensPerSecond!.Value)).ToList(),
                Width = HalfWidth,
            };
            figures.Add(new ReportFigure("accuracy-vs-speed", "Accuracy vs speed",
                $"Test accuracy against generation speed through llama.cpp{(log ? " (log scale)" : "")}. Up and to the right is better.{interval}",
                chart.ToSvg()));
        }
        return figures;
    }

    /// <summary>Students grouped by size (within 10 %), one bar per objective, the teacher as a dashed line.</summary>
    public static ReportFigure? Objectives(IReadOnlyList<EvaluatedRun> runs)
    {
        var students = runs.Where(r => r.Role != RunRole.Teacher)
            .OrderBy(r => r.Parameters ?? r.FileBytes ?? 0).ThenBy(Content.Objectives.Rank).ThenBy(r => r.Name, StringComparer.Ordinal)
            .ToList();
        if (students.Select(r => r.Objective).Distinct().Count() < 2)
            return null;
        var groups = new List<List<EvaluatedRun>>();
        foreach (var run in students)
        {
            var size = run.Parameters ?? run.FileBytes;
            var last = groups.Count > 0 ? groups[^1] : null;
            var lastSize = last?[0].Parameters ?? last?[0].FileBytes;
            var sameSize = size is { } s && lastSize is { } l ? s <= l * 1.1 : size is null && lastSize is null;
            if (last is not null && sameSize)
                last.Add(run);
            else
                groups.Add([run]);
        }
        var bars = groups.Select(g => new BarGroup(GroupLabel(g[0]), g
            .OrderBy(Content.Objectives.Rank).ThenBy(r => r.Name, StringComparer.Ordinal)
            .Select(r => new Bar(Content.Objectives.Style(r), r.Accuracy.Value, r.Accuracy.CiLow, r.Accuracy.CiHigh,
                Formats.Percent(r.Accuracy.Value)))
            .ToList())).ToList();
        var teacher = runs.Where(r => r.Role == RunRole.Teacher).OrderByDescending(r => r.Accuracy.Value).FirstOrDefault();
        var chart = new BarChart
        {
            Title = "Accuracy by training objective at equal size",
            YAxis = AccuracyAxis,
            XLabel = "Student size",
            Groups = bars,
            Width = 640,
            Height = 380,
            Reference = teacher is null ? null
                : new ReferenceLine($"teacher {Formats.Percent(teacher.Accuracy.Value)}", teacher.Accuracy.Value, Palette.Black),
        };
        return new ReportFigure("objectives", "Step-by-step vs answer-only vs token KD",
            "Students of the same size side by side, one bar per training objective; the dashed line is the teacher."
            + IntervalNote(runs), chart.ToSvg());
    }

    public static IReadOnlyList<ReportFigure> Training(IReadOnlyList<EvaluatedRun> runs)
    {
        var figures = new List<ReportFigure>();
        var others = runs.SelectMany(r => r.Training?.Losses ?? []).Select(s => s.Field)
            .Where(f => !KnownLosses.ContainsKey(f)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var run in runs)
        {
            var losses = run.Training?.Losses.Where(s => s.Points.Count > 0).ToList();
            if (losses is not { Count: > 0 })
                continue;
            var points = losses.SelectMany(s => s.Points).ToList();
            var chart = new LineChart
            {
                Title = $"Training loss: {run.Name}",
                XAxis = Axis.Linear("Step", points.Min(p => p.X), points.Max(p => p.X), Axis.Si),
                YAxis = LossAxis(points),
                Series = losses.Select(s => new LineSeries(LossStyle(s, others), s.Points)).ToList(),
                Width = HalfWidth,
                Height = 320,
            };
            var steps = points.Max(p => p.X);
            var id = "training-" + Slug(run.Name);
            for (var n = 2; !ids.Add(id); n++)
                id = $"training-{Slug(run.Name)}-{n}";
            figures.Add(new ReportFigure(id, run.Name,
                $"{Content.Objectives.Style(run).Name} · {Axis.Si(steps)} steps · final {FinalLosses(losses)}", chart.ToSvg()));
        }
        return figures;
    }

    // Cross-entropy often falls from ~ln(vocabulary) to a few hundredths: on a linear axis the whole second half of
    // training is a flat line on the floor. Past a 20× range, a log axis shows it.
    private static Axis LossAxis(List<ChartPoint> points)
    {
        var max = points.Max(p => p.Y);
        var positive = points.Where(p => p.Y > 0).Select(p => p.Y).ToList();
        return positive.Count == points.Count && max / positive.Min() >= 20
            ? Axis.Log10("Loss, log scale", positive.Min(), max, Axis.General)
            : Axis.Linear("Loss", 0, max, includeZero: true);
    }

    private static ScatterPoint Point(EvaluatedRun run, double x) =>
        new(run.Name, x, run.Accuracy.Value, Content.Objectives.Style(run), run.Accuracy.CiLow, run.Accuracy.CiHigh);

    private static string IntervalNote(IReadOnlyList<EvaluatedRun> runs)
    {
        var methods = runs.Where(r => r.Accuracy.HasInterval).Select(r => r.Accuracy.Method ?? "").Distinct().ToList();
        if (methods.Count == 0)
            return "";
        return methods is [{ Length: > 0 } method]
            ? $" Error bars: 95% confidence interval ({method})."
            : " Error bars: 95% confidence interval.";
    }

    private static string GroupLabel(EvaluatedRun run) =>
        run.Parameters is { } p ? $"{Axis.Si(p)} params" : run.FileBytes is { } b ? Formats.Bytes(b) : "size unknown";

    private static SeriesStyle LossStyle(TrainingSeries series, List<string> others)
    {
        if (KnownLosses.TryGetValue(series.Field, out var known))
            return known;
        var index = others.IndexOf(series.Field);
        return new SeriesStyle(series.Field.Replace('_', ' '), Palette.At(index + 4), MarkerShape.Circle, series.IsValidation);
    }

    private static string FinalLosses(List<TrainingSeries> losses) => string.Join(", ", losses
        .Take(3)
        .Select(s => $"{(KnownLosses.TryGetValue(s.Field, out var k) ? k.Name : s.Field)} {Formats.Score(s.Points[^1].Y)}"));

    internal static string Slug(string name)
    {
        var sb = new StringBuilder();
        foreach (var c in name.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
                sb.Append(c);
            else if (sb.Length > 0 && sb[^1] != '-')
                sb.Append('-');
        }
        var slug = sb.ToString().Trim('-');
        return slug.Length == 0 ? "run-" + SampleSelector.Hash(name).ToString("x8", System.Globalization.CultureInfo.InvariantCulture)[..8] : slug;
    }
}
