using LlmDistill.Core.Examples;

namespace LlmDistill.Storage.Examples;

/// <summary>Counts and token totals of the rows written so far; the manifest's figures. Not thread-safe.</summary>
internal sealed class RunTotals
{
    private readonly SortedDictionary<string, long> _counts = new(StringComparer.Ordinal);

    public long PromptTokens { get; private set; }
    public long CompletionTokens { get; private set; }

    public void Add(string status, int? promptTokens, int? completionTokens)
    {
        _counts[status] = _counts.GetValueOrDefault(status) + 1;
        PromptTokens += promptTokens ?? 0;
        CompletionTokens += completionTokens ?? 0;
    }

    public RunManifest ApplyTo(RunManifest manifest, ExampleDatasetOptions options) => manifest with
    {
        Counts = new SortedDictionary<string, long>(_counts, StringComparer.Ordinal),
        PromptTokens = PromptTokens,
        CompletionTokens = CompletionTokens,
        EstimatedCostUsd = options.PromptUsdPerMillionTokens is null && options.CompletionUsdPerMillionTokens is null
            ? null
            : (PromptTokens * (options.PromptUsdPerMillionTokens ?? 0m)
               + CompletionTokens * (options.CompletionUsdPerMillionTokens ?? 0m)) / 1_000_000m,
    };
}
