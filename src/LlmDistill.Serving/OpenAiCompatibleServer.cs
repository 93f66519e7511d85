using System.Net;
using LlmDistill.Serving.Backend;
using LlmDistill.Serving.Faults;
using LlmDistill.Serving.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LlmDistill.Serving;

/// <summary>
/// <c>llm-distill serve</c>: an OpenAI-compatible HTTP server (Kestrel) over one model.
/// <list type="bullet">
/// <item>POST /v1/chat/completions, POST /v1/completions (whole or streamed as server-sent events)</item>
/// <item>POST /openai/deployments/{deployment}/chat/completions and …/completions (Azure OpenAI's shape; any api-version)</item>
/// <item>GET /v1/models, GET /v1/models/{id}</item>
/// <item>GET /debug/faults, only while fault injection is on</item>
/// </list>
/// Binds to 127.0.0.1 unless <see cref="ServeOptions.Host"/> says otherwise; asks for the API key from
/// <see cref="ServeOptions.ApiKeyEnvironmentVariable"/> when that variable is set.
/// </summary>
public sealed class OpenAiCompatibleServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping;
    private readonly ServerState _state;
    private readonly bool _ownsBackend;
    private int _disposed;

    private OpenAiCompatibleServer(WebApplication app, CancellationTokenSource stopping, ServerState state, bool ownsBackend, bool requiresApiKey)
    {
        _app = app;
        _stopping = stopping;
        _state = state;
        _ownsBackend = ownsBackend;
        RequiresApiKey = requiresApiKey;
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseAddress = new Uri(Connectable(addresses.First()));
    }

    /// <summary>The bound address, e.g. http://127.0.0.1:50123 (the OpenAI base URL is this + "/v1").</summary>
    public Uri BaseAddress { get; }

    /// <summary><see cref="BaseAddress"/> as a string without a trailing slash.</summary>
    public string BaseUrl => BaseAddress.GetLeftPart(UriPartial.Authority);

    /// <summary>The model name clients use (<c>model</c>, Azure deployment).</summary>
    public string ModelName => _state.ModelName;

    public bool RequiresApiKey { get; }

    public ICompletionBackend Backend => _state.Backend;

    /// <summary>What the fault injector has done so far.</summary>
    public FaultCounters FaultCounters => _state.Faults.Snapshot();

    /// <summary>Loads <see cref="ServeOptions.ModelPath"/> with llama.cpp and starts serving it, logging nothing.</summary>
    /// <exception cref="Core.Errors.InvalidInputException">The model cannot be loaded or the address cannot be bound.</exception>
    /// <exception cref="Core.Errors.RuntimeUnavailableException">llama.cpp cannot be loaded.</exception>
    public static Task<OpenAiCompatibleServer> StartAsync(ServeOptions options, CancellationToken cancellationToken = default) =>
        StartAsync(options, logger: null, cancellationToken);

    /// <summary>Loads <see cref="ServeOptions.ModelPath"/> with llama.cpp and starts serving it.</summary>
    /// <param name="options">What to serve and how.</param>
    /// <param name="logger">Receives one line per request (method, path, status, time) and server errors; null = no log.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <exception cref="Core.Errors.InvalidInputException">The model cannot be loaded or the address cannot be bound.</exception>
    /// <exception cref="Core.Errors.RuntimeUnavailableException">llama.cpp cannot be loaded.</exception>
    public static async Task<OpenAiCompatibleServer> StartAsync(ServeOptions options, ILoggerProvider? logger, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.ModelPath))
            throw new Core.Errors.InvalidInputException("serve needs a model: set ServeOptions.ModelPath to a GGUF file");
        var backend = await Task.Run(() => LlamaCompletionBackend.Load(options), cancellationToken);
        try
        {
            return await StartCoreAsync(options, backend, ownsBackend: true, logger, cancellationToken);
        }
        catch
        {
            await backend.DisposeAsync();
            throw;
        }
    }

    /// <summary>Serves <paramref name="backend"/> (which the caller keeps and disposes after the server).</summary>
    public static Task<OpenAiCompatibleServer> StartAsync(ServeOptions options, ICompletionBackend backend, ILoggerProvider? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(backend);
        return StartCoreAsync(options, backend, ownsBackend: false, logger, cancellationToken);
    }

    /// <summary>Completes when the server stops (<see cref="StopAsync"/>, or the host's shutdown).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    /// <summary>Stops accepting requests, ends running generations, and waits (briefly) for responses to finish.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _stopping.CancelAsync();
        await _app.StopAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        await StopAsync();
        await _app.DisposeAsync();
        if (_ownsBackend)
            await _state.Backend.DisposeAsync();
        _stopping.Dispose();
    }

    private static async Task<OpenAiCompatibleServer> StartCoreAsync(
        ServeOptions options, ICompletionBackend backend, bool ownsBackend, ILoggerProvider? logger, CancellationToken cancellationToken)
    {
        // The empty builder reads no configuration (no ASPNETCORE_URLS, no appsettings.json): what
        // ServeOptions says is what runs.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "llm-distill-serve" });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 16 * 1024 * 1024;
            if (options.Host == "localhost" && options.Port != 0)
                kestrel.ListenLocalhost(options.Port);
            else
                kestrel.Listen(options.Host == "localhost" ? IPAddress.Loopback : IPAddress.Parse(options.Host), options.Port);
        });
        builder.Services.AddRoutingCore();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.Services.AddLogging(logging =>
        {
            if (logger is not null)
                logging.AddProvider(logger);
        });

        var stopping = new CancellationTokenSource();
        var state = new ServerState(options, backend, new FaultInjector(options.Faults), stopping.Token);
        var authenticator = ApiKeyAuthenticator.FromEnvironment(options.ApiKeyEnvironmentVariable);
        var app = builder.Build();
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("LlmDistill.Serving");
        app.Use(next => new ServerMiddleware(next, authenticator, log).InvokeAsync);
        MapRoutes(app, state);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException e)
        {
            await app.DisposeAsync();
            stopping.Dispose();
            throw new Core.Errors.InvalidInputException($"cannot listen on {options.Host}:{options.Port}: {e.Message}", e);
        }
        return new OpenAiCompatibleServer(app, stopping, state, ownsBackend, authenticator is not null);
    }

    private static void MapRoutes(WebApplication app, ServerState state)
    {
        var chat = new CompletionEndpoint(state, chat: true);
        var text = new CompletionEndpoint(state, chat: false);
        var info = new InfoEndpoints(state, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        app.MapPost("/v1/chat/completions", chat.HandleAsync);
        app.MapPost("/v1/completions", text.HandleAsync);
        app.MapPost("/openai/deployments/{deployment}/chat/completions", chat.HandleAsync);
        app.MapPost("/openai/deployments/{deployment}/completions", text.HandleAsync);
        app.MapGet("/v1/models", info.ListModelsAsync);
        app.MapGet("/v1/models/{id}", info.GetModelAsync);
        if (state.Faults.Enabled)
            app.MapGet("/debug/faults", info.GetFaultsAsync);
    }

    // A wildcard bind is reachable through loopback; clients cannot connect to 0.0.0.0 itself.
    private static string Connectable(string address) =>
        address.Replace("://0.0.0.0:", "://127.0.0.1:", StringComparison.Ordinal)
               .Replace("://[::]:", "://[::1]:", StringComparison.Ordinal);
}
