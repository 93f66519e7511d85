using LlmDistill.Cli;
using LlmDistill.Cli.Output;

return await CliApp.InvokeAsync(args, AppConsole.CreateDefault());
