using LlmDistill.Core.Examples;

namespace LlmDistill.Core.Tests.Examples;

public sealed class SecretRedactorTests
{
    [Theory]
    [InlineData("teacher.api_key")]
    [InlineData("teacher.apiKey")]
    [InlineData("OPENAI_API_KEY")]
    [InlineData("azure.clientSecret")]
    [InlineData("hf_token")]
    [InlineData("db.password")]
    [InlineData("headers.Authorization")]
    [InlineData("storage.connection_string")]
    [InlineData("storage.connectionString")]
    public void Names_that_say_credential_are_redacted(string name)
    {
        Assert.Equal(SecretRedactor.Redacted, SecretRedactor.Redact([KeyValuePair.Create(name, "hunter2")])[name]);
    }

    [Theory]
    [InlineData("generation.max_tokens", "256")]
    [InlineData("student.tokenizer", "bpe")]
    [InlineData("generation.top_logprobs", "5")]
    [InlineData("train.keyframes", "3")]
    [InlineData("teacher.api_key_env", "OPENAI_API_KEY")]
    [InlineData("teacher.model", "gpt-4o-mini")]
    [InlineData("teacher.endpoint", "https://api.openai.com/v1")]
    [InlineData("generation.template", "cot@9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")]
    [InlineData("data.sha256", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")]
    [InlineData("student.path", "models/smollm2-135m-instruct-q8_0.gguf")]
    public void Ordinary_settings_are_kept(string name, string value)
    {
        Assert.Equal(value, SecretRedactor.Redact([KeyValuePair.Create(name, value)])[name]);
    }

    [Theory]
    [InlineData("sk-proj-", 24)]
    [InlineData("sk-ant-api03-", 21)]
    [InlineData("hf_", 22)]
    [InlineData("ghp_", 26)]
    public void Generated_keys_of_known_providers_are_redacted(string prefix, int length) =>
        Values_that_look_like_keys_are_redacted_whatever_the_name(FakeSecret.Of(prefix, length));

    [Theory]
    [InlineData("Bearer abcdef123456")]
    [InlineData("https://x.openai.azure.com/openai?api-key=0123456789abcdef")]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=a;AccountKey=Zm9vYmFy;")]
    [InlineData("AKIAIOSFODNN7EXAMPLE")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U")]
    [InlineData("0123456789abcdef0123456789abcdef")]
    [InlineData("Q2hhbmdlTWUxMjM0NTY3ODkwQWJjZGVmZ2hpams=")]
    public void Values_that_look_like_keys_are_redacted_whatever_the_name(string value)
    {
        Assert.True(SecretRedactor.LooksLikeSecret(value));
        Assert.Equal(SecretRedactor.Redacted, SecretRedactor.Redact([KeyValuePair.Create("teacher.extra", value)])["teacher.extra"]);
    }

    [Fact]
    public void A_key_in_an_env_setting_is_still_redacted()
    {
        // The exception for `*_env` settings is for variable names, not for a key pasted there by mistake.
        var result = SecretRedactor.Redact([KeyValuePair.Create("teacher.api_key_env", FakeSecret.Of("sk-"))]);
        Assert.Equal(SecretRedactor.Redacted, result["teacher.api_key_env"]);
    }

    [Fact]
    public void Output_is_ordered_by_name()
    {
        var result = SecretRedactor.Redact([KeyValuePair.Create("b", "1"), KeyValuePair.Create("a", "2")]);
        Assert.Equal(["a", "b"], result.Keys);
    }
}
