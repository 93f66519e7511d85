using Spectre.Console;
using Spectre.Console.Rendering;

namespace LlmDistill.Cli.Output;

/// <summary>
/// The one way commands talk to the user. Results (JSON, tables) go to standard output; progress and
/// messages go to standard error so that piping a command's result stays clean. Colours and live
/// progress only when standard error is a terminal.
/// </summary>
public sealed class AppConsole
{
    private readonly TextWriter _out;
    private readonly IAnsiConsole _results;
    private readonly IAnsiConsole _messages;

    public AppConsole(TextWriter output, TextWriter error, bool interactive)
    {
        _out = output;
        ErrorWriter = error;
        Interactive = interactive;
        _results = Create(output, interactive: false);
        _messages = Create(error, interactive);
    }

    /// <summary>Standard output, for help text and results written by libraries.</summary>
    public TextWriter OutputWriter => _out;

    /// <summary>Standard error.</summary>
    public TextWriter ErrorWriter { get; }

    /// <summary>True when a person watches a terminal: live progress bars and colours are shown.</summary>
    public bool Interactive { get; }

    public static AppConsole CreateDefault() =>
        new(Console.Out, Console.Error, !Console.IsErrorRedirected && Environment.GetEnvironmentVariable("CI") is null);

    /// <summary>Writes a machine-readable result line (JSON, a path) to standard output, verbatim.</summary>
    public void Result(string text) => _out.WriteLine(text);

    /// <summary>Writes a renderable (a table, a tree) to standard output.</summary>
    public void Result(IRenderable renderable) => _results.Write(renderable);

    /// <summary>Writes an informational message to standard error.</summary>
    public void Info(string message) => _messages.MarkupLine(Markup.Escape(message));

    /// <summary>Writes a failure as one line to standard error.</summary>
    public void Error(string message) =>
        _messages.MarkupLine(Interactive ? $"[red]error:[/] {Markup.Escape(message)}" : "error: " + Markup.Escape(message));

    /// <summary>Runs work under a progress display (a live bar on a terminal, nothing otherwise).</summary>
    public Task<T> ProgressAsync<T>(string description, Func<IProgress<double>, Task<T>> work)
    {
        if (!Interactive)
            return work(new Progress<double>(_ => { }));
        return _messages.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(description), maxValue: 1.0);
                var result = await work(new SyncProgress(v => task.Value = v));
                task.Value = 1.0;
                return result;
            });
    }

    private static IAnsiConsole Create(TextWriter writer, bool interactive) => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(writer),
        Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
        ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        Interactive = interactive ? InteractionSupport.Detect : InteractionSupport.No,
    });

    // Progress<T> posts to the thread pool; a live bar wants the value set at once.
    private sealed class SyncProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
