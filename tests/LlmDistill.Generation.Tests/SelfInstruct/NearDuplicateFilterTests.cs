using LlmDistill.Core.Text;
using LlmDistill.Generation.SelfInstruct;

namespace LlmDistill.Generation.Tests.SelfInstruct;

public sealed class NearDuplicateFilterTests
{
    [Fact]
    public void Drops_a_rephrasing_and_keeps_a_new_task()
    {
        var filter = new NearDuplicateFilter();

        Assert.True(filter.TryAdd("Write a short poem about the sea at night."));
        Assert.False(filter.TryAdd("Write a short poem about the sea at dawn."));
        Assert.True(filter.TryAdd("Convert 30 degrees Celsius to Fahrenheit."));
        Assert.Equal(2, filter.Count);
    }

    [Fact]
    public void Keeps_exactly_what_comparing_against_every_kept_instruction_keeps()
    {
        var texts = RandomInstructions(3000, seed: 5);
        var fast = new NearDuplicateFilter(0.7);
        var kept = new List<string[]>();
        foreach (var text in texts)
        {
            var tokens = RougeL.Tokenize(text);
            var naive = tokens.Length > 0 && kept.All(k => RougeL.F1(tokens, k) < 0.7);
            if (naive)
                kept.Add(tokens);
            Assert.Equal(naive, fast.TryAdd(text));
        }
        Assert.InRange(kept.Count, 300, 2900); // the data has both duplicates and new tasks
        Assert.True(fast.Comparisons < (long)kept.Count * kept.Count / 20, $"{fast.Comparisons} LCS computations");
    }

    internal static List<string> RandomInstructions(int count, int seed)
    {
        string[] verbs = ["Write", "Explain", "List", "Describe", "Summarize", "Translate", "Classify", "Compare"];
        string[] nouns = ["poem", "story", "recipe", "email", "essay", "joke", "plan", "review", "letter", "song", "riddle", "speech"];
        string[] topics = ["the sea", "a cat", "winter", "friendship", "a city", "coffee", "rain", "history", "robots", "gardens",
            "music lessons", "mountains", "a market", "the moon", "trains", "bread"];
        string[] extras = ["briefly", "for children", "in French", "with examples", "in three sentences", "formally", "as a list", ""];
        var random = new Random(seed);
        var result = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var words = $"{verbs[random.Next(verbs.Length)]} a {nouns[random.Next(nouns.Length)]} about {topics[random.Next(topics.Length)]} {extras[random.Next(extras.Length)]}"
                .Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
            for (var j = random.Next(4); j > 0; j--)
                words.Insert(random.Next(words.Count), $"w{random.Next(5000)}");
            result.Add(string.Join(' ', words));
        }
        return result;
    }
}
