using LlmDistill.Core.Prompts;
using LlmDistill.Training.Data;
using static TorchSharp.torch;

namespace LlmDistill.Training.Tests.Data;

public class BatchTests
{
    private static TokenizedExample Example(int length, int promptLength, StudentFormat.Target target = StudentFormat.Target.Answer) =>
        new(Enumerable.Range(1, length).ToArray(), promptLength, target);

    [Fact]
    public void Labels_are_next_tokens_of_the_target_only_and_padding_is_ignored()
    {
        using var scope = NewDisposeScope();
        // tokens 1..6, prompt = 1..3 → positions 2,3,4 predict 4,5,6
        var batch = Batch.Collate([[Example(6, 3)], [Example(3, 2, StudentFormat.Target.Rationale)]], padId: 99, CPU);
        Assert.Equal(new long[] { 2, 5 }, batch.Inputs.shape);
        Assert.Equal(new long[] { 1, 2, 3, 4, 5, 1, 2, 3, 99, 99 }, batch.Inputs.data<long>().ToArray());
        Assert.Equal(new long[] { -100, -100, 4, 5, 6, -100, 3, -100, -100, -100 }, batch.Labels.data<long>().ToArray());
        Assert.Equal(new long[] { -1, -1, 0, 0, 0, -1, 1, -1, -1, -1 }, batch.Targets.data<long>().ToArray());
        Assert.Equal(5 + 2, batch.TokenCount);
    }

    [Fact]
    public void Packed_examples_never_predict_across_their_boundary()
    {
        using var scope = NewDisposeScope();
        var batch = Batch.Collate([[Example(3, 1), Example(3, 1)]], padId: 0, CPU);
        Assert.Equal(new long[] { 1, 2, 3, 1, 2 }, batch.Inputs.data<long>().ToArray());
        Assert.Equal(new long[] { 2, 3, -100, 2, 3 }, batch.Labels.data<long>().ToArray());
    }

    [Fact]
    public void Loader_order_depends_only_on_seed_and_epoch_so_a_restored_cursor_continues_identically()
    {
        var groups = Enumerable.Range(0, 10).Select(i => (IReadOnlyList<TokenizedExample>)[Example(i + 2, 1)]).ToArray();
        var straight = new BatchLoader(groups, batchSize: 3, seed: 5);
        var seen = Enumerable.Range(0, 9).Select(_ => Lengths(straight.Next())).ToList();
        var first = new BatchLoader(groups, batchSize: 3, seed: 5);
        for (var i = 0; i < 5; i++)
            first.Next();
        var resumed = new BatchLoader(groups, batchSize: 3, seed: 5, cursor: first.Cursor);
        Assert.Equal(seen.Skip(5), Enumerable.Range(0, 4).Select(_ => Lengths(resumed.Next())));
        // every group once per epoch (10 groups in batches of 3: 3+3+3+1), different order next epoch
        Assert.Equal(Enumerable.Range(2, 10), seen.Take(4).SelectMany(b => b).Order());
        Assert.NotEqual(seen.Take(4).SelectMany(b => b), seen.Skip(4).Take(4).SelectMany(b => b));
    }

    [Fact]
    public void Packing_fills_rows_up_to_the_context_without_splitting_examples()
    {
        var groups = Enumerable.Range(0, 6).Select(_ => (IReadOnlyList<TokenizedExample>)[Example(4, 1)]).ToArray();
        var rows = new BatchLoader(groups, batchSize: 2, seed: 1, shuffle: false, packContextLength: 8).Next();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal(2, r.Count)); // 4 + 4 ≤ 9 tokens per row, a third would not fit
    }

    private static int[] Lengths(IReadOnlyList<IReadOnlyList<TokenizedExample>> rows) => rows.SelectMany(r => r).Select(e => e.Tokens.Length).ToArray();
}
