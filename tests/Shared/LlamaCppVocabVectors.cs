using System.Text;

namespace LlmDistill.Tests.Shared;

/// <summary>
/// llama.cpp's own tokenizer test vectors: <c>models/ggml-vocab-NAME.gguf.inp</c> holds inputs separated
/// by <c>\n__ggml_vocab_test__\n</c>, <c>.out</c> one line of space-separated ids per input
/// (tokenized without BOS/EOS and without parsing special tokens; tests/test-tokenizer-0.cpp).
/// </summary>
public static class LlamaCppVocabVectors
{
    public static string VocabPath(string name) => LlamaCppSource.Path("models", $"ggml-vocab-{name}.gguf");

    public static List<(string Input, int[] Expected)> Load(string name) => LoadFile(VocabPath(name));

    /// <summary>The vectors beside the vocabulary file at <paramref name="vocabPath"/>.</summary>
    public static List<(string Input, int[] Expected)> LoadFile(string vocabPath)
    {
        var raw = File.ReadAllText(vocabPath + ".inp", Encoding.UTF8);
        var outputs = File.ReadAllLines(vocabPath + ".out");
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
            throw new InvalidOperationException($"{vocabPath}: {inputs.Count} inputs but {outputs.Length} outputs");

        return inputs.Select((input, i) => (input, outputs[i].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray())).ToList();
    }
}
