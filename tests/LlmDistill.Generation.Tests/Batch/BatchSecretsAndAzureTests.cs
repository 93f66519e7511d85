using System.Text;
using LlmDistill.Generation.Batch;
using LlmDistill.Generation.Runs;

namespace LlmDistill.Generation.Tests.Batch;

public sealed class BatchSecretsAndAzureTests : BatchRunFixture
{
    [Fact]
    public async Task The_key_is_sent_and_appears_in_no_file_of_the_run()
    {
        var variable = "LLMD_TEST_BATCH_KEY_" + Guid.NewGuid().ToString("N");
        var key = "sk-planted-" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, key);
        try
        {
            var items = Items(6);
            Api.FinalStatus = "expired";
            Api.AnsweredBeforeStop = 3;
            var service = OpenAiBatchService.Create("gpt-test", Api.OpenAiBaseUrl, variable, FastBatches);
            await RunAsync(items, new GenerationOptions { Samples = 2, Temperature = 1 }, service);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }

        Assert.Contains($"Bearer {key}", Api.Credentials);
        var files = Directory.EnumerateFiles(Dir, "*", SearchOption.AllDirectories).ToList();
        Assert.Contains(files, f => f.EndsWith(BatchStateFile.FileName, StringComparison.Ordinal));
        Assert.Contains(files, f => Path.GetFileName(f).StartsWith("errors-", StringComparison.Ordinal));
        var needle = Encoding.UTF8.GetBytes(key);
        Assert.All(files, f => Assert.True(File.ReadAllBytes(f).AsSpan().IndexOf(needle) < 0, $"{f} holds the key"));
    }

    [Fact]
    public async Task Azure_runs_the_same_flow_on_its_routes_with_the_deployment_as_model()
    {
        var variable = "LLMD_TEST_AZURE_KEY_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, "azure-test-key");
        try
        {
            var items = Items(5);
            Api.Answer = (q, _) => FakeAnswer.Say(Correct(items)(q));
            Api.PendingFileChecks = 2;
            var service = OpenAiBatchService.CreateAzure(Api.Root, "dep-1", variable, FastBatches);

            var result = await RunAsync(items, new GenerationOptions(), service);

            var rows = await ReadAllAsync();
            AssertEveryIdOnce(items, 1, rows);
            Assert.All(rows, r => Assert.Equal(("ok", "azure:dep-1"), (r.Status, r.Teacher)));
            Assert.Empty(result.Problems);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }

        Assert.All(Api.Requests, r => Assert.Matches(@"^(GET|POST) /openai/[^?]+\?api-version=", r));
        Assert.Contains("azure-test-key", Api.Credentials);
        var line = File.ReadLines(InputFiles().Single()).First();
        Assert.Contains("\"url\":\"/chat/completions\"", line, StringComparison.Ordinal);
        Assert.Contains("\"model\":\"dep-1\"", line, StringComparison.Ordinal);
        Assert.Contains("\"max_tokens\":512", line, StringComparison.Ordinal);
    }
}
