using System.Net;
using LlmDistill.Llama;
using LlmDistill.Serving.Faults;

namespace LlmDistill.Serving;

/// <summary>
/// How <c>llm-distill serve</c> runs. Validated as it is built. Holds no secret: the API key is read from
/// the environment variable named by <see cref="ApiKeyEnvironmentVariable"/> when the server starts.
/// </summary>
public sealed record ServeOptions
{
    /// <summary>The environment variable the API key is read from unless another is named.</summary>
    public const string DefaultApiKeyEnvironmentVariable = "LLM_DISTILL_SERVE_API_KEY";

    private readonly string _modelPath = "";
    private readonly string _host = "127.0.0.1";
    private readonly int _port;
    private readonly int _parallelSequences = 4;
    private readonly int _contextSize = 2048;
    private readonly int? _threads;
    private readonly int _maxQueuedRequests = 256;
    private readonly string? _apiKeyEnvironmentVariable = DefaultApiKeyEnvironmentVariable;
    private readonly FaultInjection _faults = FaultInjection.None;

    /// <summary>The GGUF model to serve (not needed when a backend is passed to the server directly).</summary>
    public string ModelPath
    {
        get => _modelPath;
        init => _modelPath = value ?? throw new ArgumentNullException(nameof(ModelPath));
    }

    /// <summary>
    /// Address to bind: an IP address (default 127.0.0.1, loopback only), or "localhost" (both loopback
    /// addresses). Anything else exposes the server to the network and must be asked for.
    /// </summary>
    public string Host
    {
        get => _host;
        init
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(value);
            if (value != "localhost" && !IPAddress.TryParse(value, out _))
                throw new ArgumentException($"host '{value}' must be an IP address or 'localhost'", nameof(Host));
            _host = value;
        }
    }

    /// <summary>TCP port; 0 (default) picks a free one (see <see cref="OpenAiCompatibleServer.BaseUrl"/>).</summary>
    public int Port
    {
        get => _port;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 65535);
            _port = value;
        }
    }

    /// <summary>
    /// Name of the environment variable holding the API key (default <see cref="DefaultApiKeyEnvironmentVariable"/>).
    /// When it is unset or empty, or this is null, the server asks for no key.
    /// </summary>
    public string? ApiKeyEnvironmentVariable
    {
        get => _apiKeyEnvironmentVariable;
        init
        {
            if (value is not null)
                ArgumentException.ThrowIfNullOrWhiteSpace(value);
            _apiKeyEnvironmentVariable = value;
        }
    }

    /// <summary>Sequences decoded together in the one llama.cpp context (continuous batching).</summary>
    public int ParallelSequences
    {
        get => _parallelSequences;
        init => _parallelSequences = LlamaContextOptions.ValidSequenceCount(value);
    }

    /// <summary>Tokens per request (prompt + completion); the KV cache holds this many per sequence.</summary>
    public int ContextSize
    {
        get => _contextSize;
        init => _contextSize = LlamaContextOptions.ValidContextSize(value);
    }

    /// <summary>CPU threads for decoding; null = one per processor.</summary>
    public int? Threads
    {
        get => _threads;
        init => _threads = LlamaContextOptions.ValidThreads(value);
    }

    /// <summary>Layers to offload to a GPU (0 = CPU only, -1 = all).</summary>
    public int GpuLayerCount { get; init; }

    /// <summary>
    /// The model name clients use (the <c>model</c> field, the Azure deployment name); null = the model
    /// file's name without extension.
    /// </summary>
    public string? ModelAlias { get; init; }

    /// <summary>A llama.cpp built-in chat template name (e.g. "chatml") instead of the model's own; null = the model's, else a plain fallback.</summary>
    public string? ChatTemplate { get; init; }

    /// <summary>Requests waiting for a free sequence beyond which the server answers 503.</summary>
    public int MaxQueuedRequests
    {
        get => _maxQueuedRequests;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _maxQueuedRequests = value;
        }
    }

    /// <summary>Faults injected into completion requests, for resilience tests; off by default.</summary>
    public FaultInjection Faults
    {
        get => _faults;
        init => _faults = value ?? throw new ArgumentNullException(nameof(Faults));
    }

    /// <summary>The model name served: <see cref="ModelAlias"/> or the model file's name.</summary>
    public string EffectiveModelName =>
        ModelAlias ?? (ModelPath.Length > 0 ? Path.GetFileNameWithoutExtension(ModelPath) : "model");
}
