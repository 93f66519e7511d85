using LlmDistill.Core.Errors;

namespace LlmDistill.Cli.Tests.Commands;

public sealed class RootCommandTests
{
    [Fact]
    public async Task Help_lists_every_verb_with_a_description()
    {
        var run = await CliRun.InvokeAsync("--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("inspect", run.Stdout);
        Assert.Contains("tokenize", run.Stdout);
    }

    [Fact]
    public void Every_option_and_argument_has_a_description()
    {
        var root = CliApp.CreateRootCommand(new Output.AppConsole(TextWriter.Null, TextWriter.Null, interactive: false));
        foreach (var command in root.Subcommands)
        {
            Assert.False(string.IsNullOrWhiteSpace(command.Description), command.Name);
            foreach (var option in command.Options)
                Assert.False(string.IsNullOrWhiteSpace(option.Description), $"{command.Name} {option.Name}");
            foreach (var argument in command.Arguments)
                Assert.False(string.IsNullOrWhiteSpace(argument.Description), $"{command.Name} {argument.Name}");
        }
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("inspect")]
    [InlineData("inspect", "a.gguf", "--no-such-option")]
    public async Task A_wrong_command_line_is_a_usage_error(params string[] args)
    {
        var run = await CliRun.InvokeAsync(args);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.NotEmpty(run.ErrorLines);
        Assert.Empty(run.Stdout);
    }
}
