using System.CommandLine;
using LlmDistill.Cli.Commands.Inspect;
using LlmDistill.Cli.Output;
using LlmDistill.Core.Errors;

namespace LlmDistill.Cli.Commands;

/// <summary><c>llm-distill inspect FILE</c>: what is inside a GGUF model or a Parquet file.</summary>
internal static class InspectCommand
{
    public static Command Create(AppConsole console)
    {
        var file = new Argument<FileInfo>("file") { Description = "A GGUF model (.gguf) or a Parquet file (.parquet)." };
        var tensors = new Option<bool>("--tensors") { Description = "GGUF: list every tensor with its type and shape." };
        var json = new Option<bool>("--json") { Description = "Print the summary as JSON instead of tables." };
        var command = new Command("inspect", "Show what a GGUF model (architecture, parameters, tensor types, tokenizer) or a Parquet file (schema, rows) holds.")
        {
            file, tensors, json,
        };
        command.SetAction(console, async (parse, ct) =>
        {
            var path = parse.GetValue(file)!.FullName;
            switch (DetectFormat(path))
            {
                case FileFormat.Gguf:
                    GgufInspection.Print(console, path, parse.GetValue(tensors), parse.GetValue(json));
                    break;
                case FileFormat.Parquet:
                    await ParquetInspection.PrintAsync(console, path, parse.GetValue(json), ct);
                    break;
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private enum FileFormat { Gguf, Parquet }

    private static FileFormat DetectFormat(string path)
    {
        if (Directory.Exists(path))
            throw new InvalidInputException($"{path}: is a directory; give a .gguf or .parquet file");
        if (!File.Exists(path))
            throw new InvalidInputException($"{path}: file not found");
        Span<byte> magic = stackalloc byte[4];
        using (var stream = File.OpenRead(path))
            stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false);
        return magic switch
        {
            [(byte)'G', (byte)'G', (byte)'U', (byte)'F'] => FileFormat.Gguf,
            [(byte)'P', (byte)'A', (byte)'R', (byte)'1'] => FileFormat.Parquet,
            _ => throw new InvalidInputException($"{path}: neither a GGUF nor a Parquet file"),
        };
    }
}
