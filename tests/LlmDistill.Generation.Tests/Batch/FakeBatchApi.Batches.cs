using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace LlmDistill.Generation.Tests.Batch;

internal sealed partial class FakeBatchApi
{
    private async Task CreateBatchAsync(HttpContext context)
    {
        var body = await JsonNode.ParseAsync(context.Request.Body) as JsonObject;
        var input = body?["input_file_id"]?.GetValue<string>();
        JsonObject? created = null;
        lock (_gate)
        {
            if (input is not null && _files.ContainsKey(input))
            {
                var batch = new FakeBatch($"batch_{_batches.Count + 1:D4}", input, body!["endpoint"]?.GetValue<string>() ?? "",
                    _batches.Count, body["metadata"]?.DeepClone());
                _batches.Add(batch);
                created = batch.ToJson();
            }
        }
        if (created is null)
            await ErrorAsync(context, 400, $"unknown input file {input}");
        else if (LostCreateAnswers-- > 0)
            await ErrorAsync(context, 500, "the batch was created, but this answer is lost");
        else
            await JsonAsync(context, created);
    }

    private JsonObject ListBatches()
    {
        lock (_gate)
        {
            var data = new JsonArray([.. _batches.AsEnumerable().Reverse().Select(b => (JsonNode)b.ToJson())]);
            return new JsonObject
            {
                ["object"] = "list", ["data"] = data, ["has_more"] = false,
                ["first_id"] = _batches.LastOrDefault()?.Id, ["last_id"] = _batches.FirstOrDefault()?.Id,
            };
        }
    }

    private async Task PollAsync(HttpContext context, string id)
    {
        OnPoll?.Invoke(Interlocked.Increment(ref _polls));
        if (Interlocked.Increment(ref _statusChecks) <= RateLimitedPolls)
        {
            Interlocked.Increment(ref _rateLimited);
            context.Response.Headers["retry-after-ms"] = "20";
            await ErrorAsync(context, 429, "rate limited");
            return;
        }
        JsonObject? answer;
        lock (_gate)
        {
            var batch = _batches.Find(b => b.Id == id);
            if (batch is not null && !IsTerminal(batch.Status))
                Advance(batch);
            answer = batch?.ToJson();
        }
        await JsonAsync(context, answer);
    }

    private JsonObject? Cancel(string id)
    {
        lock (_gate)
        {
            var batch = _batches.Find(b => b.Id == id);
            if (batch is null)
                return null;
            if (!IsTerminal(batch.Status))
                batch.Status = "cancelling";
            return batch.ToJson();
        }
    }

    private static bool IsTerminal(string status) => status is "completed" or "failed" or "expired" or "cancelled";

    // Under the gate.
    private void Advance(FakeBatch batch)
    {
        batch.Polls++;
        if (batch.Status == "cancelling")
        {
            Finish(batch, "cancelled", AnsweredBeforeStop);
            return;
        }
        if (batch.Polls < PollsToFinish(batch.Number))
        {
            batch.Status = "in_progress";
            return;
        }
        switch (FinalStatus)
        {
            case "failed":
                batch.Status = "failed";
                batch.Errors.Add(new JsonObject { ["code"] = "invalid_model", ["message"] = "the model does not exist", ["line"] = 1 });
                break;
            case "expired":
                Finish(batch, "expired", AnsweredBeforeStop);
                break;
            default:
                Finish(batch, "completed", int.MaxValue);
                break;
        }
    }

    // Under the gate: answers the first `answered` requests, writes the rest to the error file as stopped.
    private void Finish(FakeBatch batch, string status, int answered)
    {
        var output = new StringBuilder();
        var errors = new StringBuilder();
        var lines = Encoding.UTF8.GetString(_files[batch.InputFileId].Content).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < lines.Length; i++)
        {
            var request = JsonNode.Parse(lines[i])!.AsObject();
            var customId = request["custom_id"]!.GetValue<string>();
            if (i >= answered)
            {
                errors.Append(ErrorLine(customId, "batch_" + status)).Append('\n');
                continue;
            }
            var body = request["body"]!.AsObject();
            var question = body["messages"]!.AsArray()[^1]!["content"]!.GetValue<string>();
            var answer = Answer(question, customId);
            if (answer.Omit)
                continue;
            if (answer.ErrorCode is { } code)
                errors.Append(ErrorLine(customId, code)).Append('\n');
            else if (answer.Status != 200)
                errors.Append(ResponseLine(customId, answer.Status, new JsonObject { ["error"] = new JsonObject { ["message"] = "server error" } })).Append('\n');
            else
                output.Append(ResponseLine(customId, 200, answer.Malformed ? new JsonObject { ["choices"] = "nope" } : Completion(body, answer))).Append('\n');
        }
        batch.Status = status;
        batch.OutputFileId = output.Length > 0 ? AddFile($"{batch.Id}_output.jsonl", output.ToString()) : null;
        batch.ErrorFileId = errors.Length > 0 ? AddFile($"{batch.Id}_error.jsonl", errors.ToString()) : null;
    }

    private string AddFile(string name, string content)
    {
        var id = $"file-{_files.Count + 1:D4}";
        _files[id] = new StoredFile(id, name, "batch_output", Encoding.UTF8.GetBytes(content));
        return id;
    }

    private static string ResponseLine(string customId, int status, JsonObject body) => new JsonObject
    {
        ["id"] = "batch_req_" + customId, ["custom_id"] = customId,
        ["response"] = new JsonObject { ["status_code"] = status, ["request_id"] = "req_" + customId, ["body"] = body },
        ["error"] = null,
    }.ToJsonString();

    private static string ErrorLine(string customId, string code) => new JsonObject
    {
        ["id"] = "batch_req_" + customId, ["custom_id"] = customId, ["response"] = null,
        ["error"] = new JsonObject { ["code"] = code, ["message"] = $"request not completed: {code}" },
    }.ToJsonString();

    // A chat completion as the API writes it; with logprobs asked, two alternatives at the first position.
    private static JsonObject Completion(JsonObject request, FakeAnswer answer)
    {
        JsonNode? logprobs = null;
        if (request["logprobs"]?.GetValue<bool>() == true)
        {
            static JsonObject Alternative(string token, double logprob) => new()
            {
                ["token"] = token, ["logprob"] = logprob, ["bytes"] = new JsonArray([.. Encoding.UTF8.GetBytes(token).Select(b => (JsonNode)(int)b)]),
            };
            logprobs = new JsonObject
            {
                ["content"] = new JsonArray(new JsonObject
                {
                    ["token"] = "#", ["logprob"] = -0.1, ["bytes"] = new JsonArray(35),
                    ["top_logprobs"] = new JsonArray(Alternative("#", -0.1), Alternative("x", -2.5)),
                }),
            };
        }
        return new JsonObject
        {
            ["id"] = "chatcmpl-fake", ["object"] = "chat.completion", ["created"] = 1_700_000_000,
            ["model"] = request["model"]?.GetValue<string>(),
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = answer.Text, ["refusal"] = null },
                ["logprobs"] = logprobs,
                ["finish_reason"] = answer.Finish,
            }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = 20, ["completion_tokens"] = 5, ["total_tokens"] = 25 },
        };
    }

    private sealed class FakeBatch(string id, string inputFileId, string endpoint, int number, JsonNode? metadata)
    {
        public string Id { get; } = id;
        public string InputFileId { get; } = inputFileId;
        public int Number { get; } = number;
        public string Status { get; set; } = "validating";
        public int Polls { get; set; }
        public string? OutputFileId { get; set; }
        public string? ErrorFileId { get; set; }
        public List<JsonObject> Errors { get; } = [];

        public JsonObject ToJson() => new()
        {
            ["id"] = Id, ["object"] = "batch", ["endpoint"] = endpoint, ["input_file_id"] = InputFileId,
            ["completion_window"] = "24h", ["status"] = Status, ["output_file_id"] = OutputFileId, ["error_file_id"] = ErrorFileId,
            ["created_at"] = 1_700_000_000,
            ["errors"] = Errors.Count == 0 ? null : new JsonObject
            {
                ["object"] = "list", ["data"] = new JsonArray([.. Errors.Select(e => (JsonNode)e.DeepClone())]),
            },
            ["request_counts"] = new JsonObject { ["total"] = 0, ["completed"] = 0, ["failed"] = 0 },
            ["metadata"] = metadata?.DeepClone(),
        };
    }
}
