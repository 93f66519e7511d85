namespace LlmDistill.Llama.Tests.Models;

/// <summary>Test classes that share one <see cref="TinyLlamaFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class TinyLlamaGroup : ICollectionFixture<TinyLlamaFixture>
{
    public const string Name = "tiny llama";
}
