namespace LlmDistill.Core.Tasks;

/// <summary>
/// The built-in task: multi-step arithmetic word problems in GSM8K format, with ground truth.
/// "Tom has 23 pencils. He buys 4 boxes of 12 pencils each and gives away 17. How many pencils does
/// he have now?" → rationale "4*12=48. 23+48=71. 71-17=54." and answer "54".
/// </summary>
/// <remarks>
/// Designed so that a small model can learn it and a rationale genuinely helps: each step is one
/// operation on numbers visible in the question or produced by the previous step, so a student that
/// writes the steps only ever does one small operation per step, while an answer-only student must do
/// all three in its head. Difficulty is a dial: <see cref="Options.MaxNumber"/> and the step count.
/// </remarks>
public static class ArithmeticWordProblems
{
    public const string TaskName = "arithmetic";

    /// <summary>How the problems are drawn.</summary>
    /// <param name="MaxNumber">Largest number in a question (≥ 2).</param>
    /// <param name="Steps">Operations per problem: 2 (buy, add) or 3 (buy, add, give away).</param>
    public sealed record Options(int MaxNumber = 60, int Steps = 3)
    {
        public void Validate()
        {
            if (MaxNumber is < 2 or > 100_000)
                throw new ArgumentOutOfRangeException(nameof(MaxNumber), MaxNumber, "must be between 2 and 100000");
            if (Steps is not (2 or 3))
                throw new ArgumentOutOfRangeException(nameof(Steps), Steps, "must be 2 or 3");
        }
    }

    private static readonly string[] Names =
    [
        "Tom", "Ana", "Ben", "Mia", "Sam", "Lea", "Max", "Eva", "Leo", "Zoe", "Ian", "Amy", "Raj", "Kim", "Noa", "Eli",
    ];

    private static readonly (string Plural, string Container)[] Items =
    [
        ("apples", "bags"), ("pencils", "boxes"), ("marbles", "jars"), ("cookies", "packs"), ("stickers", "sheets"),
        ("eggs", "cartons"), ("cards", "decks"), ("books", "crates"), ("shells", "buckets"), ("coins", "rolls"),
    ];

    /// <summary>Draws <paramref name="count"/> problems; the same seed gives the same problems.</summary>
    public static IEnumerable<TaskItem> Generate(int count, int seed, Options? options = null)
    {
        options ??= new Options();
        options.Validate();
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
            yield return Draw(random, options, $"{TaskName}-{seed}-{i}");
    }

    private static TaskItem Draw(Random random, Options options, string id)
    {
        var name = Names[random.Next(Names.Length)];
        var (item, container) = Items[random.Next(Items.Length)];
        var max = options.MaxNumber;
        var have = random.Next(1, max + 1);
        var boxes = random.Next(2, Math.Min(9, max) + 1);
        var perBox = random.Next(2, max / 2 + 2);
        var bought = boxes * perBox;
        var total = have + bought;
        var question = $"{name} has {have} {item}. {Pronoun(name)} buys {boxes} {container} of {perBox} {item} each";
        var rationale = $"{boxes}*{perBox}={bought}. {have}+{bought}={total}.";
        var answer = total;
        if (options.Steps == 3)
        {
            var given = random.Next(1, Math.Min(total, max) + 1);
            answer = total - given;
            question += $" and gives away {given}";
            rationale += $" {total}-{given}={answer}.";
        }
        question += $". How many {item} does {name} have now?";
        return new TaskItem(id, TaskName, question, "", answer.ToString(), rationale);
    }

    // Alternating by name index keeps both pronouns in the data without a lookup table per name.
    private static string Pronoun(string name) => Array.IndexOf(Names, name) % 2 == 0 ? "He" : "She";
}
