using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.AI.OpenAI;
using Azure.Identity;
using LlmDistill.Core.Errors;
using LlmDistill.Generation.Resilience;
using LlmDistill.Generation.Teachers;
using LlmDistill.Generation.Teachers.OpenAi;
using OpenAI;
using OpenAI.Batch;
using OpenAI.Files;
using Polly;
using Polly.Retry;

// The SDK marks its batch surface experimental; it is the documented REST API underneath.
#pragma warning disable OPENAI001

namespace LlmDistill.Generation.Batch;

/// <summary>
/// The Files and Batch APIs of OpenAI or Azure OpenAI, through the SDK's <see cref="OpenAIFileClient"/> and
/// <see cref="BatchClient"/> (protocol level in SDK 2.1.0) with the SDK's retries off: every call goes through
/// one small Polly retry (408/429/5xx, dropped connections, time-outs; the delay is the server's Retry-After
/// when it sends one). A call that still fails is an <see cref="ExternalServiceException"/> naming what failed.
/// </summary>
public sealed class OpenAiBatchService
{
    // Listing batches to find one created by a killed run: newest first, so the first pages suffice.
    private const int ListPageSize = 100;
    private const int MaxListPages = 10;
    private const string InputMetadataKey = "llm_distill_input_file";

    private readonly OpenAIFileClient _files;
    private readonly BatchClient _batches;
    private readonly BatchOptions _options;
    private readonly ResiliencePipeline _pipeline;
    private readonly bool _streamDownloads;

    internal OpenAiBatchService(OpenAIFileClient files, BatchClient batches, string name, string model, string requestUrl,
        string maxTokensField, bool streamDownloads, BatchOptions? options = null, TimeProvider? timeProvider = null)
    {
        MaxTokensField = maxTokensField;
        _files = files;
        _streamDownloads = streamDownloads;
        _batches = batches;
        _options = options ?? new BatchOptions();
        _options.Validate();
        Name = name;
        Model = model;
        RequestUrl = requestUrl;
        var builder = new ResiliencePipelineBuilder { TimeProvider = timeProvider ?? TimeProvider.System };
        if (_options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is TeacherException { IsTransient: true }),
                MaxRetryAttempts = _options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = _options.BaseDelay,
                MaxDelay = _options.MaxDelay,
                DelayGenerator = args => ValueTask.FromResult(ServerDelay(args.Outcome.Exception)),
                OnRetry = args =>
                {
                    Stats.Retry(ServerDelay(args.Outcome.Exception));
                    return ValueTask.CompletedTask;
                },
            });
        }
        _pipeline = builder.Build();
    }

    /// <summary>The teacher's name for the <c>teacher</c> column: <c>openai:MODEL</c> or <c>azure:DEPLOYMENT</c>.</summary>
    public string Name { get; }

    /// <summary>The <c>model</c> of every request: the model name, or the Azure deployment name.</summary>
    public string Model { get; }

    /// <summary>The <c>url</c> of every request line and the batch's <c>endpoint</c>.</summary>
    public string RequestUrl { get; }

    /// <summary>
    /// The body field of the token limit, as the SDK's online request names it: <c>max_completion_tokens</c> for
    /// OpenAI (<c>max_tokens</c> is deprecated there and refused by reasoning models), <c>max_tokens</c> for Azure
    /// (Azure.AI.OpenAI 2.1.0 swaps the field back for the Azure API versions it targets).
    /// </summary>
    public string MaxTokensField { get; }

    /// <summary>Attempts and retries of the API calls, Retry-After waits included.</summary>
    public ResilienceStats Stats { get; } = new();

    /// <summary>OpenAI, or an OpenAI-compatible server at <paramref name="baseUrl"/> (the API root, e.g. <c>http://host/v1</c>).</summary>
    public static OpenAiBatchService Create(string model, string? baseUrl = null, string keyVariable = OpenAiTeachers.DefaultKeyVariable,
        BatchOptions? options = null, TimeSpan? networkTimeout = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        var key = Environment.GetEnvironmentVariable(keyVariable);
        if (string.IsNullOrEmpty(key))
        {
            if (baseUrl is null)
                throw new InvalidInputException($"the OpenAI API needs a key: set the environment variable {keyVariable}");
            key = "none";
        }
        var clientOptions = new OpenAIClientOptions { RetryPolicy = new ClientRetryPolicy(0), NetworkTimeout = networkTimeout ?? TimeSpan.FromMinutes(10) };
        if (baseUrl is not null)
            clientOptions.Endpoint = OpenAiTeachers.ParseUrl(baseUrl);
        var client = new OpenAIClient(new ApiKeyCredential(key), clientOptions);
        return new OpenAiBatchService(client.GetOpenAIFileClient(), client.GetBatchClient(), $"openai:{model}", model,
            "/v1/chat/completions", "max_completion_tokens", streamDownloads: true, options);
    }

    /// <summary>
    /// Azure OpenAI at <paramref name="endpoint"/> (<c>https://NAME.openai.azure.com</c>): routes under
    /// <c>/openai/</c> with <c>api-version</c>, the deployment as the requests' model, Entra ID when no key is set.
    /// </summary>
    public static OpenAiBatchService CreateAzure(string endpoint, string deployment, string keyVariable = OpenAiTeachers.DefaultAzureKeyVariable,
        BatchOptions? options = null, TimeSpan? networkTimeout = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(deployment);
        var uri = OpenAiTeachers.ParseUrl(endpoint);
        var clientOptions = new AzureOpenAIClientOptions { RetryPolicy = new ClientRetryPolicy(0), NetworkTimeout = networkTimeout ?? TimeSpan.FromMinutes(10) };
        var key = Environment.GetEnvironmentVariable(keyVariable);
        var client = string.IsNullOrEmpty(key)
            ? new AzureOpenAIClient(uri, new DefaultAzureCredential(), clientOptions)
            : new AzureOpenAIClient(uri, new ApiKeyCredential(key), clientOptions);
        // Azure's batch input lines and batch endpoint have no /v1 prefix. Azure.AI.OpenAI 2.1.0 disposes an
        // unbuffered download's stream before returning it, so its downloads are buffered in memory.
        return new OpenAiBatchService(client.GetOpenAIFileClient(), client.GetBatchClient(), $"azure:{deployment}", deployment,
            "/chat/completions", "max_tokens", streamDownloads: false, options);
    }

    /// <summary>Uploads an input file (purpose <c>batch</c>) and waits until the API has processed it; returns its id.</summary>
    public async Task<string> UploadAsync(string path, CancellationToken cancellationToken)
    {
        var (id, status, details) = await CallAsync($"uploading {Path.GetFileName(path)}", async ct =>
        {
            await using var stream = File.OpenRead(path);
            var result = await _files.UploadFileAsync(stream, Path.GetFileName(path), FileUploadPurpose.Batch, ct);
            return FileStatus(result.GetRawResponse());
        }, cancellationToken);

        // Azure processes an upload before a batch may use it; OpenAI answers "processed" (or "uploaded") at once.
        var wait = _options.PollInterval < TimeSpan.FromSeconds(5) ? _options.PollInterval : TimeSpan.FromSeconds(5);
        for (var check = 0; status is "pending" or "running"; check++)
        {
            if (check >= 360)
                throw new ExternalServiceException($"{Name}: the uploaded batch input {id} is still '{status}' after {check} checks");
            await Task.Delay(wait, cancellationToken);
            (_, status, details) = await CallAsync($"checking upload {id}", async ct =>
                FileStatus((await _files.GetFileAsync(id, ct)).GetRawResponse()), cancellationToken);
        }
        if (status is "error")
            throw new ExternalServiceException($"{Name}: the API rejected the batch input {Path.GetFileName(path)} ({id}): {details ?? "no details"}");
        return id;
    }

    /// <summary>
    /// Creates the batch for an uploaded input file. With <paramref name="mayExist"/> (a run was killed while
    /// creating it), and before every retry (a failed attempt may have created it anyway), it first looks for a
    /// batch of the same input file, so that no input is ever submitted twice.
    /// </summary>
    public async Task<BatchInfo> CreateAsync(string inputFileId, bool mayExist, CancellationToken cancellationToken)
    {
        var attempts = 0;
        return await CallAsync($"creating the batch of {inputFileId}", async ct =>
        {
            if ((mayExist || attempts > 0) && await FindCoreAsync(inputFileId, ct) is { } existing)
                return existing;
            attempts++;
            var body = new JsonObject
            {
                ["input_file_id"] = inputFileId,
                ["endpoint"] = RequestUrl,
                ["completion_window"] = _options.CompletionWindow,
                ["metadata"] = new JsonObject { [InputMetadataKey] = inputFileId },
            };
            using var content = BinaryContent.Create(BinaryData.FromString(body.ToJsonString()));
            var operation = await _batches.CreateBatchAsync(content, waitUntilCompleted: false, Options(ct));
            return BatchInfo.FromJson(operation.GetRawResponse().Content);
        }, cancellationToken);
    }

    /// <summary>The newest batch of an input file, when there is one among the most recent batches.</summary>
    public Task<BatchInfo?> FindByInputFileAsync(string inputFileId, CancellationToken cancellationToken) =>
        CallAsync("listing batches", ct => FindCoreAsync(inputFileId, ct), cancellationToken);

    public Task<BatchInfo> GetAsync(string batchId, CancellationToken cancellationToken) =>
        CallAsync($"checking batch {batchId}", async ct =>
        {
            // SDK 2.1.0 retrieves a batch only through its operation; rehydrating it is one GET.
            var operation = await CreateBatchOperation.RehydrateAsync(_batches, Token(batchId), ct);
            return BatchInfo.FromJson(operation.GetRawResponse().Content);
        }, cancellationToken);

    public Task<BatchInfo> CancelAsync(string batchId, CancellationToken cancellationToken) =>
        CallAsync($"cancelling batch {batchId}", async ct =>
        {
            var operation = await CreateBatchOperation.RehydrateAsync(_batches, Token(batchId), ct);
            var result = await operation.CancelAsync(Options(ct));
            return BatchInfo.FromJson(result.GetRawResponse().Content);
        }, cancellationToken);

    /// <summary>Streams a file's content to <paramref name="path"/>, atomically.</summary>
    public Task DownloadAsync(string fileId, string path, CancellationToken cancellationToken) =>
        CallAsync($"downloading {fileId}", async ct =>
        {
            var options = Options(ct);
            options.BufferResponse = !_streamDownloads;
            var result = await _files.DownloadFileAsync(fileId, options);
            using var response = result.GetRawResponse();
            await BatchStateFile.WriteAtomicAsync(path, async file =>
            {
                if (_streamDownloads && response.ContentStream is { } content)
                    await content.CopyToAsync(file, ct);
                else
                    await file.WriteAsync(response.Content.ToMemory(), ct);
            }, ct);
            return true;
        }, cancellationToken);

    private async Task<BatchInfo?> FindCoreAsync(string inputFileId, CancellationToken cancellationToken)
    {
        var pages = 0;
        await foreach (var page in _batches.GetBatchesAsync(after: null, limit: ListPageSize, Options(cancellationToken)).GetRawPagesAsync())
        {
            using var document = JsonDocument.Parse(page.GetRawResponse().Content);
            if (document.RootElement.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array)
            {
                foreach (var batch in data.EnumerateArray())
                {
                    if (batch.TryGetProperty("input_file_id", out var input) && input.ValueKind == JsonValueKind.String
                        && input.GetString() == inputFileId)
                        return BatchInfo.FromJson(batch);
                }
            }
            if (++pages >= MaxListPages)
                break;
        }
        return null;
    }

    private async Task<T> CallAsync<T>(string what, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await _pipeline.ExecuteAsync(async ct =>
            {
                Stats.Attempt();
                try
                {
                    return await call(ct);
                }
                catch (ClientResultException e)
                {
                    throw TeacherException.FromStatus(e.Status, $"HTTP {e.Status}: {FirstLine(e.Message)}",
                        OpenAiTeacher.RetryAfter(e.GetRawResponse()), e);
                }
                catch (HttpRequestException e)
                {
                    throw new TeacherException("connection", FirstLine(e.Message), isTransient: true, inner: e);
                }
                catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
                {
                    throw new TeacherException("timeout", "no answer in time", isTransient: true, inner: e);
                }
                catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
                {
                    throw new TeacherException("malformed_response", $"unreadable response: {FirstLine(e.Message)}", isTransient: true, inner: e);
                }
            }, cancellationToken);
        }
        catch (TeacherException e)
        {
            throw new ExternalServiceException($"{Name}: {what} failed: {e.Message}", e);
        }
    }

    private TimeSpan? ServerDelay(Exception? e) =>
        e is TeacherException { RetryAfter: { } wait } ? (wait < _options.MaxRetryAfter ? wait : _options.MaxRetryAfter) : null;

    private static (string Id, string? Status, string? Details) FileStatus(PipelineResponse response)
    {
        using var document = JsonDocument.Parse(response.Content);
        var root = document.RootElement;
        return (root.GetProperty("id").GetString() ?? throw new JsonException("a file without an id"),
            root.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.String ? status.GetString() : null,
            root.TryGetProperty("status_details", out var details) && details.ValueKind == JsonValueKind.String ? details.GetString() : null);
    }

    private static ContinuationToken Token(string batchId) =>
        ContinuationToken.FromBytes(BinaryData.FromString(new JsonObject { ["batchId"] = batchId }.ToJsonString()));

    private static RequestOptions Options(CancellationToken cancellationToken) => new() { CancellationToken = cancellationToken };

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
