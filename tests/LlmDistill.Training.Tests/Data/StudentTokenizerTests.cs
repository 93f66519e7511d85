using LlmDistill.Core.Prompts;
using LlmDistill.Core.Tasks;
using LlmDistill.Tokenization;
using LlmDistill.Tokenization.Training;
using LlmDistill.Training.Data;

namespace LlmDistill.Training.Tests.Data;

public class StudentTokenizerTests
{
    [Fact]
    public void A_trained_bpe_vocabulary_round_trips_through_a_checkpoint_and_keeps_special_text_as_text()
    {
        var items = ArithmeticWordProblems.Generate(300, seed: 3).ToArray();
        var corpus = items.SelectMany(i => new[]
        {
            StudentFormat.Prompt(StudentFormat.Target.Rationale, i.Instruction) + StudentFormat.Completion(StudentFormat.Target.Rationale, i.Reference!, i.ReferenceRationale),
            StudentFormat.Prompt(StudentFormat.Target.Answer, i.Instruction) + i.Reference,
        });
        var metadata = BpeTrainer.Train(corpus, new BpeTrainerOptions { VocabSize = 600 });
        var tokenizer = new GgufStudentTokenizer(GgufTokenizer.FromMetadata(metadata));
        using var dir = new TempDirectory();
        tokenizer.Save(dir.Path);

        var loaded = StudentTokenizers.Load(dir.Path);

        var text = StudentFormat.Prompt(StudentFormat.Target.Answer, items[0].Instruction) + "<|eos|>";
        Assert.Equal(tokenizer.Encode(text), loaded.Encode(text));
        Assert.Equal(text, loaded.Decode(loaded.Encode(text)));
        Assert.DoesNotContain(loaded.EosId, loaded.Encode(text));
        Assert.Equal((tokenizer.VocabSize, tokenizer.BosId, tokenizer.EosId), (loaded.VocabSize, loaded.BosId, loaded.EosId));
        // merged words make a BPE example several times shorter than bytes (DESIGN.md: about 3×)
        Assert.True(new ByteTokenizer().Encode(items[0].Instruction).Length > 2 * loaded.Encode(items[0].Instruction).Length);
    }

    [Fact]
    public void The_byte_tokenizer_round_trips_utf8_and_is_found_in_a_checkpoint()
    {
        var tokenizer = new ByteTokenizer();
        Assert.Equal("Zoë → 5", tokenizer.Decode(tokenizer.Encode("Zoë → 5")));
        using var dir = new TempDirectory();
        tokenizer.Save(dir.Path);
        Assert.IsType<ByteTokenizer>(StudentTokenizers.Load(dir.Path));
    }
}
