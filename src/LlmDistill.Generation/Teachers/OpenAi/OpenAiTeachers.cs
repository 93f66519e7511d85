using System.ClientModel;
using System.ClientModel.Primitives;
using Azure.AI.OpenAI;
using Azure.Identity;
using LlmDistill.Core.Errors;
using OpenAI;

namespace LlmDistill.Generation.Teachers.OpenAi;

/// <summary>
/// Creates OpenAI and Azure OpenAI teachers. Keys are read from environment variables named by the
/// caller, never passed on a command line or stored; Azure falls back to Entra ID
/// (<see cref="DefaultAzureCredential"/>) when no key variable is set.
/// </summary>
public static class OpenAiTeachers
{
    public const string DefaultKeyVariable = "OPENAI_API_KEY";
    public const string DefaultAzureKeyVariable = "AZURE_OPENAI_API_KEY";

    /// <summary>
    /// An OpenAI-compatible endpoint. <paramref name="baseUrl"/> is the API root (e.g.
    /// <c>http://127.0.0.1:8080/v1</c>); null means api.openai.com, which requires a key.
    /// </summary>
    public static OpenAiTeacher Create(string model, string? baseUrl, string keyVariable = DefaultKeyVariable, TimeSpan? networkTimeout = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        var key = Environment.GetEnvironmentVariable(keyVariable);
        if (string.IsNullOrEmpty(key))
        {
            if (baseUrl is null)
                throw new InvalidInputException($"the OpenAI API needs a key: set the environment variable {keyVariable}");
            key = "none"; // local servers usually take no key, but the SDK requires one
        }
        var options = new OpenAIClientOptions { RetryPolicy = NoRetries, NetworkTimeout = networkTimeout ?? TimeSpan.FromMinutes(5) };
        if (baseUrl is not null)
            options.Endpoint = ParseUrl(baseUrl);
        var client = new OpenAIClient(new ApiKeyCredential(key), options).GetChatClient(model);
        return new OpenAiTeacher(client, $"openai:{model}");
    }

    /// <summary>An Azure OpenAI deployment at <paramref name="endpoint"/> (e.g. <c>https://NAME.openai.azure.com</c>).</summary>
    public static OpenAiTeacher CreateAzure(string endpoint, string deployment, string keyVariable = DefaultAzureKeyVariable, TimeSpan? networkTimeout = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(deployment);
        var uri = ParseUrl(endpoint);
        var options = new AzureOpenAIClientOptions { RetryPolicy = NoRetries, NetworkTimeout = networkTimeout ?? TimeSpan.FromMinutes(5) };
        var key = Environment.GetEnvironmentVariable(keyVariable);
        var client = string.IsNullOrEmpty(key)
            ? new AzureOpenAIClient(uri, new DefaultAzureCredential(), options)
            : new AzureOpenAIClient(uri, new ApiKeyCredential(key), options);
        return new OpenAiTeacher(client.GetChatClient(deployment), $"azure:{deployment}");
    }

    private static readonly ClientRetryPolicy NoRetries = new(maxRetries: 0);

    internal static Uri ParseUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new InvalidInputException($"not an http(s) URL: '{url}'");
}
