using LlmDistill.Core.Prompts;
using LlmDistill.Core.Tasks;
using LlmDistill.Generation.SelfInstruct;
using LlmDistill.Generation.Tests.Runs;
using LlmDistill.Tests.Shared;

namespace LlmDistill.Generation.Tests.SelfInstruct;

public sealed class SelfInstructRunnerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("llmd-instruct-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly PromptTemplate Template = PromptTemplate.Load(Path.Combine(LlamaCppSource.RepoRoot, "prompts", "self-instruct.yaml"));

    private static readonly List<TaskItem> Seeds =
    [
        new("s0", "seed", "Suggest a healthy breakfast for a busy morning.", Reference: "Oatmeal with fruit."),
        new("s1", "seed", "Sort the numbers from smallest to largest.", "3, 1, 2", "1, 2, 3"),
        new("s2", "seed", "Give the capital city of the country named below.", "France", "Paris"),
        new("s3", "seed", "Rewrite the sentence in the passive voice.", "The cat chased the mouse.", "The mouse was chased by the cat."),
    ];

    private static readonly string[] Fresh =
    [
        "Name two famous rivers that flow through Europe.",
        "Convert ten kilometres per hour into metres per second.",
        "Explain why leaves change colour in autumn.",
        "Write a haiku about an empty train station.",
        "Classify the animal below as mammal, bird or fish.",
        "Summarize the story of a well known fairy tale.",
        "List three uses of baking soda at home.",
        "Translate good morning into Spanish and Italian.",
    ];

    // Continues the prompt's list the way a completion model does: the first item's text, then numbered
    // blocks: a fresh task, a rephrasing of it, a blacklisted one, and another fresh task.
    private static FakeTeacher Lister() => new((prompt, call) =>
    {
        Assert.Contains("###\n4. Instruction:", prompt);
        var a = Fresh[(2 * call - 2) % Fresh.Length];
        var b = Fresh[(2 * call - 1) % Fresh.Length];
        return FakeTeacher.Say($"""
            {a}
            4. Input:
            <noinput>
            4. Output:
            Answer A.
            ###
            5. Instruction: {a.TrimEnd('.')} please.
            5. Input:
            <noinput>
            5. Output:
            Answer A again.
            ###
            6. Instruction: Draw a picture of a house with a red roof.
            6. Input:
            <noinput>
            6. Output:
            -
            ###
            7. Instruction: {b}
            7. Input:
            x
            7. Output:
            Answer B.
            """);
    });

    [Fact]
    public async Task Keeps_new_tasks_and_drops_near_duplicates_and_blacklisted_ones()
    {
        var output = Path.Combine(_dir, "tasks.jsonl");
        var runner = new SelfInstructRunner(Lister(), Template, new SelfInstructOptions { Target = 6, Concurrency = 1 });

        var result = await runner.RunAsync(Seeds, output);

        var lines = File.ReadAllLines(output);
        Assert.Equal(6, result.Kept);
        Assert.Equal(6, lines.Length);
        Assert.Equal("{\"instruction\":\"Name two famous rivers that flow through Europe.\",\"input\":\"\",\"output\":\"Answer A.\"}", lines[0]);
        Assert.Contains("\"input\":\"x\"", lines[1]);
        Assert.Equal(3, result.Prompts);
        Assert.Equal(3, result.Rejected["near_duplicate"]);
        Assert.Equal(3, result.Rejected["blacklisted:picture"]);
        Assert.DoesNotContain(lines, l => l.Contains("picture", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_rerun_resumes_from_the_output_file()
    {
        var output = Path.Combine(_dir, "tasks.jsonl");
        await new SelfInstructRunner(Lister(), Template, new SelfInstructOptions { Target = 2, Concurrency = 1 }).RunAsync(Seeds, output);
        var again = await new SelfInstructRunner(Lister(), Template, new SelfInstructOptions { Target = 4, Concurrency = 1 }).RunAsync(Seeds, output);

        var lines = File.ReadAllLines(output);
        Assert.Equal(4, again.Kept);
        Assert.Equal(4, lines.Length);
        Assert.Equal(lines.Length, lines.Distinct().Count());
    }

    [Fact]
    public async Task Later_prompts_mix_a_generated_task_with_the_seeds()
    {
        var prompts = new List<string>();
        var lister = Lister();
        var recording = new FakeTeacher((prompt, call) =>
        {
            lock (prompts)
                prompts.Add(prompt);
            return lister.CompleteAsync(new LlmDistill.Generation.Teachers.TeacherRequest([new ChatMessage("user", prompt)]), CancellationToken.None).Result;
        });

        await new SelfInstructRunner(recording, Template, new SelfInstructOptions { Target = 4, Concurrency = 1 })
            .RunAsync(Seeds, Path.Combine(_dir, "tasks.jsonl"));

        Assert.Equal(2, prompts.Count);
        Assert.DoesNotContain(Fresh[0], prompts[0]);
        Assert.True(prompts[1].Contains(Fresh[0], StringComparison.Ordinal) || prompts[1].Contains(Fresh[1], StringComparison.Ordinal),
            "the second prompt shows a task the first one generated");
        Assert.Equal(2, Seeds.Count(seed => prompts[1].Contains(seed.Instruction, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Too_few_seeds_is_a_clear_error() =>
        await Assert.ThrowsAsync<LlmDistill.Core.Errors.InvalidInputException>(() =>
            new SelfInstructRunner(Lister(), Template, new SelfInstructOptions()).RunAsync(Seeds[..2], Path.Combine(_dir, "x.jsonl")));
}
