using System.Text;
using LlmDistill.Tests.Shared;

namespace LlmDistill.Tokenization.Tests;

/// <summary>
/// llama.cpp's own tokenizer test vectors: <c>models/ggml-vocab-NAME.gguf.inp</c> holds inputs separated
/// by <c>\n__ggml_vocab_test__\n</c>, <c>.out</c> one line of space-separated ids per input
/// (tokenized without BOS/EOS and without parsing special tokens; tests/test-tokenizer-0.cpp).
/// </summary>
internal static class LlamaCppVocabVectors
{
    public static string VocabPath(string name) => LlamaCppSource.Path("models", $"ggml-vocab-{name}.gguf");

    public static List<(string Input, int[] Expected)> Load(string name)
    {
        var raw = File.ReadAllText(VocabPath(name) + ".inp", Encoding.UTF8);
        var outputs = File.ReadAllLines(VocabPath(name) + ".out");
        const string separator = "\n__ggml_vocab_test__\n";

        var inputs = new List<string>();
        var pos = 0;
        while (pos < raw.Length)
        {
            var next = raw.IndexOf(separator, pos, StringComparison.Ordinal);
            if (next < 0)
            {
                inputs.Add(raw[pos..]);
                break;
            }
            inputs.Add(raw[pos..next]);
            pos = next + separator.Length;
        }
        if (inputs.Count != outputs.Length)
            throw new InvalidOperationException($"{name}: {inputs.Count} inputs but {outputs.Length} outputs");

        return inputs.Select((input, i) => (input, outputs[i].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray())).ToList();
    }
}
