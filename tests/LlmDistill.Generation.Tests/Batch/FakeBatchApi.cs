using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LlmDistill.Generation.Tests.Batch;

/// <summary>
/// Just enough of the OpenAI Files and Batch APIs, on 127.0.0.1 and a free port, to run batches: upload,
/// retrieve and download files; create, retrieve, list and cancel batches. A batch moves validating →
/// in_progress on its first poll and ends after <see cref="PollsToFinish"/> polls, answering each request with
/// <see cref="Answer"/>. Routes answer under <c>/v1/</c> (OpenAI) and <c>/openai/</c> (Azure, with api-version).
/// </summary>
internal sealed partial class FakeBatchApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, StoredFile> _files = [];
    private readonly List<FakeBatch> _batches = [];
    private int _polls;
    private int _statusChecks;
    private int _rateLimited;

    private FakeBatchApi(WebApplication app) => _app = app;

    /// <summary>The server's root, <c>http://127.0.0.1:PORT</c> (the Azure endpoint).</summary>
    public string Root { get; private set; } = "";

    /// <summary>The OpenAI API root, <c>ROOT/v1</c>.</summary>
    public string OpenAiBaseUrl => Root + "/v1";

    /// <summary>Polls of a batch (by creation order) after which it ends.</summary>
    public Func<int, int> PollsToFinish { get; set; } = _ => 2;

    /// <summary>How a batch ends: completed, expired, failed.</summary>
    public string FinalStatus { get; set; } = "completed";

    /// <summary>For an expired or cancelled batch: requests answered before it stopped; the rest are error lines.</summary>
    public int AnsweredBeforeStop { get; set; }

    /// <summary>The answer to a request, from the last user message and the custom id.</summary>
    public Func<string, string, FakeAnswer> Answer { get; set; } = (_, _) => FakeAnswer.Say("1+1=2. #### 2");

    /// <summary>Status checks answered 429 (with retry-after-ms) before the real answer.</summary>
    public int RateLimitedPolls { get; set; }

    /// <summary>Checks the status of an uploaded file reports "pending" before "processed" (Azure's behaviour).</summary>
    public int PendingFileChecks { get; set; }

    /// <summary>Batch creations answered 500 although the batch was created (a proxy dropping the answer).</summary>
    public int LostCreateAnswers { get; set; }

    /// <summary>Called with the total number of status polls so far, before answering one.</summary>
    public Action<int>? OnPoll { get; set; }

    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>Authorization and api-key header values seen.</summary>
    public ConcurrentQueue<string> Credentials { get; } = new();

    public int BatchesCreated { get { lock (_gate) return _batches.Count; } }

    public int FilesUploaded { get { lock (_gate) return _files.Values.Count(f => f.Purpose == "batch"); } }

    public int RateLimited => _rateLimited;

    public static async Task<FakeBatchApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var api = new FakeBatchApi(app);
        app.Run(api.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        api.Root = address.TrimEnd('/');
        return api;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>The batches as the API would list them, oldest first.</summary>
    public IReadOnlyList<(string Id, string Status, string InputFileId)> Batches()
    {
        lock (_gate)
            return _batches.Select(b => (b.Id, b.Status, b.InputFileId)).ToList();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        Requests.Enqueue($"{request.Method} {request.Path}{request.QueryString}");
        foreach (var header in new[] { "Authorization", "api-key" })
        {
            if (request.Headers.TryGetValue(header, out var value))
                Credentials.Enqueue(value.ToString());
        }
        var path = request.Path.Value ?? "";
        var prefix = path.StartsWith("/v1/", StringComparison.Ordinal) ? "/v1/"
            : path.StartsWith("/openai/", StringComparison.Ordinal) ? "/openai/" : null;
        if (prefix == "/openai/" && !request.Query.ContainsKey("api-version"))
        {
            await ErrorAsync(context, 400, "missing api-version");
            return;
        }
        var segments = prefix is null ? [] : path[prefix.Length..].Split('/', StringSplitOptions.RemoveEmptyEntries);
        var (method, resource) = (request.Method, segments.FirstOrDefault());
        switch (resource, segments.Length, method)
        {
            case ("files", 1, "POST"):
                await UploadAsync(context);
                break;
            case ("files", 2, "GET"):
                await JsonAsync(context, FileInfo(segments[1], check: true));
                break;
            case ("files", 3, "GET") when segments[2] == "content":
                await ContentAsync(context, segments[1]);
                break;
            case ("batches", 1, "POST"):
                await CreateBatchAsync(context);
                break;
            case ("batches", 1, "GET"):
                await JsonAsync(context, ListBatches());
                break;
            case ("batches", 2, "GET"):
                await PollAsync(context, segments[1]);
                break;
            case ("batches", 3, "POST") when segments[2] == "cancel":
                await JsonAsync(context, Cancel(segments[1]));
                break;
            default:
                await ErrorAsync(context, 404, $"no route {method} {path}");
                break;
        }
    }

    private async Task UploadAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        var file = form.Files["file"];
        if (file is null)
        {
            await ErrorAsync(context, 400, "no file");
            return;
        }
        using var content = new MemoryStream();
        await file.CopyToAsync(content);
        string id;
        lock (_gate)
        {
            id = $"file-{_files.Count + 1:D4}";
            _files[id] = new StoredFile(id, file.FileName, form["purpose"].ToString(), content.ToArray()) { PendingChecks = PendingFileChecks };
        }
        await JsonAsync(context, FileInfo(id, check: false));
    }

    private JsonObject? FileInfo(string id, bool check)
    {
        lock (_gate)
        {
            if (!_files.TryGetValue(id, out var file))
                return null;
            var status = file.PendingChecks > 0 ? "pending" : "processed";
            if (check && file.PendingChecks > 0)
                file.PendingChecks--;
            return new JsonObject
            {
                ["id"] = file.Id, ["object"] = "file", ["bytes"] = file.Content.Length, ["created_at"] = 1_700_000_000,
                ["filename"] = file.Name, ["purpose"] = file.Purpose, ["status"] = status,
            };
        }
    }

    private async Task ContentAsync(HttpContext context, string id)
    {
        byte[]? content;
        lock (_gate)
            content = _files.TryGetValue(id, out var file) ? file.Content : null;
        if (content is null)
        {
            await ErrorAsync(context, 404, $"no file {id}");
            return;
        }
        context.Response.ContentType = "application/octet-stream";
        await context.Response.Body.WriteAsync(content);
    }

    private static async Task JsonAsync(HttpContext context, JsonObject? body)
    {
        if (body is null)
        {
            await ErrorAsync(context, 404, "not found");
            return;
        }
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), Encoding.UTF8);
    }

    private static Task ErrorAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        var body = new JsonObject { ["error"] = new JsonObject { ["message"] = message, ["type"] = "invalid_request_error" } };
        return context.Response.WriteAsync(body.ToJsonString(), Encoding.UTF8);
    }

    private sealed class StoredFile(string id, string name, string purpose, byte[] content)
    {
        public string Id { get; } = id;
        public string Name { get; } = name;
        public string Purpose { get; } = purpose;
        public byte[] Content { get; } = content;
        public int PendingChecks { get; set; }
    }
}
