namespace LlmDistill.Core.Examples;

/// <summary>
/// One of the teacher's top-k alternatives at one generated position. A row stores them flat, as
/// Parquet <c>list&lt;struct{position, token, id, logprob}&gt;</c>, so that pandas, pyarrow and DuckDB
/// read them with no glue (<c>UNNEST(top_logprobs)</c>, <c>GROUP BY position</c>).
/// </summary>
/// <param name="Position">0-based index of the generated token this alternative competes for.</param>
/// <param name="Token">The alternative's text. A byte-level piece that is not valid UTF-8 on its own is
/// stored with U+FFFD in place of the partial bytes; use <see cref="Id"/> when it matters.</param>
/// <param name="Id">The token id in the teacher's vocabulary; null when the teacher does not report ids
/// (OpenAI-compatible endpoints give text only).</param>
/// <param name="Logprob">Natural-log probability under the teacher at its sampling temperature.</param>
public readonly record struct TopLogprob(int Position, string Token, int? Id, float Logprob);
