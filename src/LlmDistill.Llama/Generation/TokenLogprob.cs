namespace LlmDistill.Llama.Generation;

/// <summary>A token and its log-probability under the model's raw distribution (log-softmax of the logits, temperature 1).</summary>
public readonly record struct TokenLogprob(int TokenId, float Logprob);
