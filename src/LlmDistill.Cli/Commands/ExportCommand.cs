using System.CommandLine;
using System.Globalization;
using LlmDistill.Cli.Output;
using LlmDistill.Core.Errors;
using LlmDistill.Training.Export;

namespace LlmDistill.Cli.Commands;

/// <summary>
/// <c>llm-distill export --checkpoint DIR --out student.gguf --type f32|f16|q8_0</c>: a trained student as a
/// llama.cpp GGUF, then verified — llama.cpp's logits on probe prompts against TorchSharp's.
/// </summary>
internal static class ExportCommand
{
    public static Command Create(AppConsole console)
    {
        var checkpoint = new Option<DirectoryInfo>("--checkpoint") { Description = "A checkpoint directory, or a training run folder (its latest checkpoint is used).", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "The GGUF file to write (replaced atomically).", Required = true };
        var type = new Option<string>("--type") { Description = $"Weight type: {string.Join(", ", GgufExportOptions.TypeNames)} (norms stay f32; q8_0 rows not a multiple of 32 fall back to f16).", DefaultValueFactory = _ => "f32" };
        var noVerify = new Option<bool>("--no-verify") { Description = "Skip running the file through llama.cpp and comparing its logits with TorchSharp's." };
        var threads = new Option<int?>("--threads") { Description = "llama.cpp and libtorch CPU threads for the verification (default: all cores)." };
        var name = new Option<string?>("--name") { Description = "The model's name in the GGUF (general.name), which eval and the report show (default: the file name without .gguf)." };
        var command = new Command("export", "Write a trained student as a llama.cpp GGUF (tokenizer included) and verify that llama.cpp reproduces its logits.")
        {
            checkpoint, output, type, noVerify, threads, name,
        };
        command.SetAction(console, async (parse, ct) =>
        {
            var weightType = GgufExportOptions.ParseType(parse.GetValue(type));
            var threadCount = parse.GetValue(threads);
            if (threadCount is < 1)
                throw new InvalidInputException($"invalid option --threads: {threadCount} must be at least 1");
            if (threadCount is { } n)
                TorchSharp.torch.set_num_threads(n);
            var verify = !parse.GetValue(noVerify);
            var path = parse.GetValue(output)!.FullName;
            if (Directory.Exists(path))
                throw new InvalidInputException($"{path}: is a directory; give the GGUF file to write");

            var modelName = parse.GetValue(name) is { Length: > 0 } given ? given : Path.GetFileNameWithoutExtension(path);
            var report = await CheckpointExporter.ExportAsync(parse.GetValue(checkpoint)!.FullName, path, weightType, verify,
                new VerificationOptions { Threads = threadCount }, modelName, ct);

            console.Info($"exported {report.Checkpoint}");
            console.Result(string.Create(CultureInfo.InvariantCulture, $"wrote {report.Path} ({report.WeightType}, {report.FileSize:N0} bytes)"));
            if (report.Verification is { } v)
            {
                var greedy = v.GreedyChecked ? ", greedy decoding identical" : "";
                console.Result(string.Create(CultureInfo.InvariantCulture,
                    $"verified with llama.cpp: max abs logit difference {v.MaxAbsDifference:E2} (tolerance {v.Tolerance:G3}, logits up to {v.MaxAbsLogit:F1}) over {v.PromptCount} prompts, {v.PositionCount} positions{greedy}"));
            }
            else
            {
                console.Result("not verified (--no-verify)");
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
