namespace LlmDistill.Generation.Runs;

/// <summary>A snapshot of a generation run, reported after every stored sample.</summary>
/// <param name="Done">Samples stored in this run, plus those skipped because they were already stored.</param>
/// <param name="Total">Samples the run covers.</param>
/// <param name="Skipped">Samples that were already stored when the run started.</param>
/// <param name="Ok">Samples stored with status ok in this run.</param>
/// <param name="Failed">Samples stored as <c>failed:…</c> in this run.</param>
/// <param name="CompletionTokens">Tokens the teacher generated in this run.</param>
/// <param name="Elapsed">Time since the run started.</param>
public sealed record GenerationProgress(int Done, int Total, int Skipped, int Ok, int Failed, long CompletionTokens, TimeSpan Elapsed)
{
    /// <summary>Samples per second in this run (skipped ones excluded).</summary>
    public double Rate => Elapsed.TotalSeconds > 0 ? (Done - Skipped) / Elapsed.TotalSeconds : 0;
}
