using System.CommandLine;
using System.Text.Json;
using LlmDistill.Cli.Output;
using LlmDistill.Core.Errors;
using LlmDistill.Llama;
using LlmDistill.Tokenization;

namespace LlmDistill.Cli.Commands;

/// <summary><c>llm-distill tokenize</c>: token ids of strings under a GGUF's tokenizer, by either engine.</summary>
internal static class TokenizeCommand
{
    public static Command Create(AppConsole console)
    {
        var model = new Option<FileInfo>("--model") { Description = "A GGUF file whose tokenizer to use (a vocabulary-only GGUF is enough).", Required = true };
        var input = new Option<FileInfo>("--input") { Description = "A JSON file holding an array of strings.", Required = true };
        var engine = new Option<string>("--engine") { Description = "managed (Microsoft.ML.Tokenizers, ours) or llama (llama.cpp's own tokenizer). Both give the same ids.", DefaultValueFactory = _ => "managed" };
        var addSpecial = new Option<bool>("--add-special") { Description = "Add BOS/EOS as the vocabulary says (tokenizer.ggml.add_bos_token)." };
        var parseSpecial = new Option<bool>("--parse-special") { Description = "Read special-token text such as <|eos|> as the special token, not as plain text." };
        engine.AcceptOnlyFromAmong("managed", "llama");
        var command = new Command("tokenize", "Print the token ids of each input string as a JSON array of arrays.")
        {
            model, input, engine, addSpecial, parseSpecial,
        };
        command.SetAction(console, async (parse, ct) =>
        {
            var strings = await ReadStringsAsync(parse.GetValue(input)!.FullName, ct);
            var path = parse.GetValue(model)!.FullName;
            var add = parse.GetValue(addSpecial);
            var special = parse.GetValue(parseSpecial);
            int[][] ids;
            if (parse.GetValue(engine) == "llama")
            {
                using var llama = LlamaModel.Load(path, new LlamaModelOptions { VocabOnly = true });
                ids = [.. strings.Select(s => llama.Tokenize(s, add, special))];
            }
            else
            {
                var tokenizer = GgufTokenizer.FromGguf(path);
                ids = [.. strings.Select(s => tokenizer.Encode(s, add, special))];
            }
            console.Result(JsonSerializer.Serialize(ids));
            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task<string[]> ReadStringsAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
            throw new InvalidInputException($"{path}: file not found");
        try
        {
            await using var stream = File.OpenRead(path);
            return await JsonSerializer.DeserializeAsync<string[]>(stream, cancellationToken: cancellationToken)
                ?? throw new InvalidInputException($"{path}: expected a JSON array of strings, found null");
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"{path}: expected a JSON array of strings ({e.Message.Split('\n')[0]})", e);
        }
    }
}
