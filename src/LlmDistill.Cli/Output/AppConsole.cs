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
    public void Info(string message)
    {
        if (Interactive)
            _messages.MarkupLine(Markup.Escape(message));
        else
            ErrorWriter.WriteLine(message); // never wrapped: one message, one line, for logs and greps
    }

    /// <summary>Writes a failure as one line to standard error.</summary>
    public void Error(string message)
    {
        if (Interactive)
            _messages.MarkupLine($"[red]error:[/] {Markup.Escape(message)}");
        else
            ErrorWriter.WriteLine("error: " + message);
    }

    /// <summary>
    /// Runs work under a progress display: a live bar with elapsed time and ETA on a terminal; otherwise a
    /// status line on standard error at most every <paramref name="plainInterval"/> (10 s by default).
    /// </summary>
    public Task<T> ProgressAsync<T>(string description, Func<ProgressDisplay, Task<T>> work, TimeSpan? plainInterval = null)
    {
        if (!Interactive)
            return RunPlainAsync(work, new ProgressDisplay(description, plainInterval ?? TimeSpan.FromSeconds(10), ErrorWriter, null));
        return _messages.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(description), maxValue: 1.0);
                var result = await work(new ProgressDisplay(description, TimeSpan.Zero, null, task));
                task.Value = 1.0;
                return result;
            });
    }

    private static async Task<T> RunPlainAsync<T>(Func<ProgressDisplay, Task<T>> work, ProgressDisplay display)
    {
        try
        {
            return await work(display);
        }
        finally
        {
            display.Close();
        }
    }

    private static IAnsiConsole Create(TextWriter writer, bool interactive)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!interactive)
            console.Profile.Width = 160; // a file or pipe has no width; tables should not be squeezed to 80
        return console;
    }
}
