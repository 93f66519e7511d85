using System.Buffers;
using System.Text.Json;
using LlmDistill.Serving.Faults;
using Microsoft.AspNetCore.Http;

namespace LlmDistill.Serving.Http;

/// <summary>GET /v1/models, GET /v1/models/{id} and (with fault injection on) GET /debug/faults.</summary>
internal sealed class InfoEndpoints(ServerState state, long startedAt)
{
    public Task ListModelsAsync(HttpContext context) => WriteAsync(context, json =>
    {
        json.WriteStartObject();
        json.WriteString("object", "list");
        json.WriteStartArray("data");
        WriteModel(json);
        json.WriteEndArray();
        json.WriteEndObject();
    });

    public Task GetModelAsync(HttpContext context)
    {
        var id = context.Request.RouteValues["id"] as string;
        if (!string.Equals(id, state.ModelName, StringComparison.Ordinal))
            throw new OpenAiErrorException(404, $"The model '{id}' does not exist; this server has '{state.ModelName}'.", OpenAiErrors.InvalidRequest, "model_not_found", "model");
        return WriteAsync(context, WriteModel);
    }

    public Task GetFaultsAsync(HttpContext context)
    {
        var faults = state.Faults.Snapshot();
        var backend = state.Backend.GetStatistics();
        return WriteAsync(context, json =>
        {
            json.WriteStartObject();
            json.WriteBoolean("enabled", state.Faults.Enabled);
            json.WriteNumber("probability", state.Faults.Options.Probability);
            json.WriteNumber("seed", state.Faults.Options.Seed);
            json.WriteNumber("requests", faults.Requests);
            json.WriteStartObject("injected");
            foreach (var (kind, count) in faults.Injected)
                json.WriteNumber(FaultKindNames.Of(kind), count);
            json.WriteEndObject();
            json.WriteNumber("total_injected", faults.TotalInjected);
            json.WriteNumber("retry_after_seconds", faults.RetryAfterSeconds);
            json.WriteNumber("retries_after_wait", faults.RetriesAfterWait);
            json.WriteNumber("retries_too_early", faults.RetriesTooEarly);
            if (faults.ShortestRetryDelaySeconds is { } shortest)
                json.WriteNumber("shortest_retry_delay_seconds", shortest);
            else
                json.WriteNull("shortest_retry_delay_seconds");
            json.WriteStartObject("backend");
            json.WriteNumber("started", backend.Started);
            json.WriteNumber("completed", backend.Completed);
            json.WriteNumber("cancelled", backend.Cancelled);
            json.WriteNumber("failed", backend.Failed);
            json.WriteNumber("generated_tokens", backend.GeneratedTokens);
            json.WriteNumber("peak_concurrent_sequences", backend.PeakConcurrentSequences);
            json.WriteEndObject();
            json.WriteEndObject();
        });
    }

    private void WriteModel(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteString("id", state.ModelName);
        json.WriteString("object", "model");
        json.WriteNumber("created", startedAt);
        json.WriteString("owned_by", "llm-distill");
        json.WriteEndObject();
    }

    private static async Task WriteAsync(HttpContext context, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
            write(json);
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted);
    }
}
