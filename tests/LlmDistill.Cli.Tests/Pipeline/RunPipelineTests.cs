using System.Text.Json;
using LlmDistill.Core.Errors;

namespace LlmDistill.Cli.Tests.Pipeline;

public sealed class RunPipelineTests(SmallPipeline pipeline) : IClassFixture<SmallPipeline>
{
    private static readonly string[] Units =
    [
        "stage tasks", "stage teacher (train)", "stage teacher (export)", "stage generate", "stage train (sbs)", "stage train (kd)",
        "stage export (sbs)", "stage export (kd)", "stage eval (teacher)", "stage eval (sbs)", "stage eval (kd)",
    ];

    private string At(params string[] parts) => Path.Combine([pipeline.Out, .. parts]);

    [Fact]
    public void A_run_makes_every_stages_outputs_in_the_documented_layout()
    {
        Assert.True(pipeline.First.ExitCode == 0, pipeline.First.Stderr);
        foreach (var file in new[]
        {
            "run.json", "tasks/all.jsonl", "tasks/train.jsonl", "tasks/validation.jsonl", "tasks/test.jsonl", "teacher/model.gguf",
            "teacher/train/metrics.jsonl", "generate/manifest.json", "generate/examples/part-00000.parquet", "students/sbs/model.gguf",
            "students/kd/model.gguf", "eval/teacher/metrics.json", "eval/sbs/metrics.json", "eval/kd/predictions.parquet",
            "report/report.html", "report/report.md",
        })
        {
            Assert.True(File.Exists(At(file)), file);
        }
        Assert.Contains(At("report", "report.html"), pipeline.First.Stdout);
    }

    [Fact]
    public async Task Evaluations_carry_the_role_and_objective_labels_the_report_groups_by()
    {
        static async Task<JsonElement> Metrics(string path) => JsonDocument.Parse(await File.ReadAllTextAsync(path)).RootElement;

        var teacher = await Metrics(At("eval", "teacher", "metrics.json"));
        var sbs = await Metrics(At("eval", "sbs", "metrics.json"));
        var kd = await Metrics(At("eval", "kd", "metrics.json"));

        Assert.Equal("teacher", teacher.GetProperty("model").GetProperty("role").GetString());
        Assert.Equal("step-by-step", sbs.GetProperty("labels").GetProperty("objective").GetString());
        Assert.Equal("token-kd", kd.GetProperty("labels").GetProperty("objective").GetString());
        Assert.Equal("../../students/kd/train", kd.GetProperty("labels").GetProperty("training_dir").GetString());
        Assert.Equal(JsonValueKind.Object, sbs.GetProperty("teacher").ValueKind); // compared with the teacher's answers
    }

    [Fact]
    public async Task A_second_run_skips_every_complete_stage_and_rebuilds_the_report()
    {
        var again = await CliRun.InvokeAsync("run", pipeline.Config);

        Assert.True(again.ExitCode == 0, again.Stderr);
        foreach (var unit in Units)
            Assert.Contains($"{unit}: complete, skipped", again.Stderr);
        Assert.DoesNotContain("llm-distill train", again.Stderr);
        Assert.Contains("stage report: llm-distill report", again.Stderr);
    }

    [Fact]
    public async Task A_changed_setting_stops_the_run_with_one_line_naming_the_config_line_and_touches_nothing()
    {
        var changed = Path.Combine(pipeline.Directory, "changed.yaml");
        await File.WriteAllTextAsync(changed, SmallPipeline.Yaml(sbsSteps: 9));
        var before = SmallPipeline.Snapshot(pipeline.Out);

        var run = await CliRun.InvokeAsync("run", changed);

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Equal($"error: {changed}:12: students.sbs changed since its outputs were made (steps 6 → 9); delete {At("students", "sbs")} and what was made from it ({At("eval", "sbs")}) to redo it",
            Assert.Single(run.ErrorLines));
        Assert.Equal(before, SmallPipeline.Snapshot(pipeline.Out));
    }

    [Fact]
    public async Task From_eval_redoes_the_evaluations_without_training_again()
    {
        var before = File.GetLastWriteTimeUtc(At("eval", "sbs", "metrics.json"));

        var run = await CliRun.InvokeAsync("run", pipeline.Config, "--from", "eval");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("--overwrite", run.Stderr);
        Assert.DoesNotContain("stage train", run.Stderr);
        Assert.True(File.GetLastWriteTimeUtc(At("eval", "sbs", "metrics.json")) > before);
    }

    [Fact]
    public async Task A_partial_training_is_resumed_not_restarted_and_stale_evaluations_are_not_kept()
    {
        // A copy of the run whose step-by-step student stopped at its step-3 checkpoint (of 6).
        var copy = Path.Combine(pipeline.Directory, "partial");
        SmallPipeline.CopyDirectory(pipeline.Out, copy);
        var checkpoints = Path.Combine(copy, "students", "sbs", "train", "checkpoints");
        Directory.Delete(Path.Combine(checkpoints, "step-000006"), recursive: true);
        await File.WriteAllTextAsync(Path.Combine(checkpoints, "latest"), "step-000003\n");
        var config = Path.Combine(pipeline.Directory, "partial.yaml");
        await File.WriteAllTextAsync(config, SmallPipeline.Yaml(output: "partial"));

        var run = await CliRun.InvokeAsync("run", config, "--only", "train");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("--resume", run.Stderr);
        Assert.Contains("resuming at step 3 of 6", run.Stderr);
        Assert.Contains("stage train (kd): complete, skipped", run.Stderr);
        Assert.True(Directory.Exists(Path.Combine(checkpoints, "step-000006")));

        // The student is exported again; its evaluation, made from the old export, is not kept as if it were current.
        var rest = await CliRun.InvokeAsync("run", config);
        var redone = await CliRun.InvokeAsync("run", config, "--from", "eval");

        Assert.Contains("stage export (sbs): llm-distill export", rest.Stderr);
        Assert.Equal($"error: {config}:14: eval.sbs was made before {Path.Combine(copy, "students", "sbs", "model.gguf")} changed; " +
            $"run with --from eval to redo it, or delete {Path.Combine(copy, "eval", "sbs")}", Assert.Single(rest.ErrorLines));
        Assert.True(redone.ExitCode == 0, redone.Stderr);
    }

    [Fact]
    public async Task A_stage_run_alone_without_its_inputs_names_the_stage_that_makes_them()
    {
        var config = Path.Combine(pipeline.Directory, "fresh.yaml");
        await File.WriteAllTextAsync(config, SmallPipeline.Yaml(output: "fresh"));

        var run = await CliRun.InvokeAsync("run", config, "--only", "train");

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Equal($"error: stage train (sbs) needs {Path.Combine(pipeline.Directory, "fresh", "generate", "manifest.json")}, which stage generate makes: " +
            "run that stage first (--only generate, or --from generate)", Assert.Single(run.ErrorLines));
        Assert.False(Directory.Exists(Path.Combine(pipeline.Directory, "fresh")));
    }

    [Fact]
    public async Task A_stage_run_alone_refuses_to_work_from_incomplete_outputs_of_an_earlier_one()
    {
        var copy = Path.Combine(pipeline.Directory, "incomplete");
        SmallPipeline.CopyDirectory(pipeline.Out, copy);
        File.Delete(Path.Combine(copy, "tasks", "validation.jsonl"));
        var config = Path.Combine(pipeline.Directory, "incomplete.yaml");
        await File.WriteAllTextAsync(config, SmallPipeline.Yaml(output: "incomplete"));

        var run = await CliRun.InvokeAsync("run", config, "--only", "eval");

        Assert.Equal(ExitCodes.InvalidInput, run.ExitCode);
        Assert.Equal("error: stage eval (teacher) is made from tasks, which is not complete: run stage tasks first (--only tasks, or --from tasks)",
            Assert.Single(run.ErrorLines));
    }
}
