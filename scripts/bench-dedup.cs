#:project ../src/LlmDistill.Generation/LlmDistill.Generation.csproj
#:property PublishAot=false
// Near-duplicate filter benchmark (issue 4, item 6: "fast enough for 50k instructions"). The reference
// is the naive filter — ROUGE-L against every kept instruction, as Alpaca does — run in the same process
// on a prefix it can finish; both must keep exactly the same instructions there. Run via scripts/bench-dedup.
using System.Diagnostics;
using LlmDistill.Core.Text;
using LlmDistill.Generation.SelfInstruct;

var opts = Args.Parse(args);
var texts = SyntheticInstructions.Generate(opts.Count, opts.Seed, opts.Paraphrases);
var prefix = Math.Min(opts.Naive, texts.Count);
Console.WriteLine($"{texts.Count} synthetic instructions ({opts.Paraphrases:P0} paraphrases of earlier ones, mean {texts.Average(t => RougeL.Tokenize(t).Length):F1} words), " +
                  $"threshold {opts.Threshold}, load average {LoadAverage()}");

// Warm-up (JIT, tiered compilation) of both paths on a small slice.
Naive(texts.Take(300).ToList(), opts.Threshold);
Fast(texts.Take(300).ToList(), opts.Threshold);

var head = texts.Take(prefix).ToList();
var naiveWatch = Stopwatch.StartNew();
var naiveKept = Naive(head, opts.Threshold);
var naiveSeconds = naiveWatch.Elapsed.TotalSeconds;
var fastOnPrefix = Enumerable.Range(0, 3).Select(_ => Fast(head, opts.Threshold)).MinBy(r => r.Seconds)!;
var agree = naiveKept.SequenceEqual(fastOnPrefix.Kept);

var full = Fast(texts, opts.Threshold);

static string Us(double seconds, int n) => $"{1e6 * seconds / n,9:F1} µs/instruction";
Console.WriteLine($"first {prefix}: naive all-pairs  {naiveSeconds,7:F2} s  {Us(naiveSeconds, prefix)}  kept {naiveKept.Count(k => k)}");
Console.WriteLine($"first {prefix}: NearDuplicate    {fastOnPrefix.Seconds,7:F2} s  {Us(fastOnPrefix.Seconds, prefix)}  kept {fastOnPrefix.Kept.Count(k => k)}, {fastOnPrefix.Comparisons} LCS (best of 3)");
Console.WriteLine($"same kept set on the prefix: {(agree ? "yes" : "NO")}; speed-up {naiveSeconds / fastOnPrefix.Seconds:F0}x");
Console.WriteLine($"all {texts.Count}: NearDuplicate    {full.Seconds,7:F2} s  {Us(full.Seconds, texts.Count)}  kept {full.Kept.Count(k => k)}, {full.Comparisons} LCS " +
                  $"({(double)full.Comparisons / texts.Count:F1} per instruction)");
// Cost per instruction as the kept set grows: flat = linear total time, rising = quadratic.
var step = texts.Count / 10;
Console.WriteLine($"  µs/instruction per tenth of the input ({step} each): " +
                  string.Join(", ", full.Tenths.Select((t, i) => $"{1e6 * (t - (i == 0 ? 0 : full.Tenths[i - 1])) / step:F0}")));
// The naive filter does work proportional to instructions × kept; scale the prefix run by that product.
var naiveEstimate = naiveSeconds * ((double)texts.Count * full.Kept.Count(k => k)) / ((double)prefix * naiveKept.Count(k => k));
Console.WriteLine($"naive all-pairs on all {texts.Count}, extrapolated from the prefix (∝ instructions × kept): ~{naiveEstimate / 60:F0} min, " +
                  $"{naiveEstimate / full.Seconds:F0}x the fast filter");
Console.WriteLine($"peak RSS {PeakRssMb()} MB");
return agree ? 0 : 1;

// Alpaca's filter: compare with every kept instruction (stopping at the first near-duplicate).
static List<bool> Naive(List<string> texts, double threshold)
{
    var kept = new List<string[]>();
    var decisions = new List<bool>(texts.Count);
    foreach (var text in texts)
    {
        var tokens = RougeL.Tokenize(text);
        var keep = tokens.Length > 0 && kept.TrueForAll(k => RougeL.F1(tokens, k) < threshold);
        if (keep)
            kept.Add(tokens);
        decisions.Add(keep);
    }
    return decisions;
}

static FastRun Fast(List<string> texts, double threshold)
{
    var watch = Stopwatch.StartNew();
    var filter = new NearDuplicateFilter(threshold);
    var decisions = new List<bool>(texts.Count);
    var tenths = new List<double>(); // elapsed seconds at each tenth of the input
    foreach (var text in texts)
    {
        decisions.Add(filter.TryAdd(text));
        if (decisions.Count % Math.Max(1, texts.Count / 10) == 0)
            tenths.Add(watch.Elapsed.TotalSeconds);
    }
    return new FastRun(decisions, watch.Elapsed.TotalSeconds, filter.Comparisons, tenths);
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

static string PeakRssMb()
{
    var line = File.Exists("/proc/self/status") ? File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal)) : null;
    return line is null ? "n/a" : $"{long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024}";
}

internal sealed record FastRun(List<bool> Kept, double Seconds, long Comparisons, List<double> Tenths);

/// <summary>
/// A Self-Instruct-like pool: new tasks (an imperative verb, then words drawn Zipf-like from a few
/// function words and a large lexicon, as real text is) and paraphrases of earlier ones (one to three
/// word edits), interleaved. Paraphrases of short texts mostly score ≥ 0.7; some edits land below.
/// </summary>
internal static class SyntheticInstructions
{
    private static readonly string[] Verbs = ["Write", "Explain", "List", "Describe", "Summarize", "Translate", "Classify", "Compare",
        "Generate", "Rewrite", "Suggest", "Create", "Give", "Find", "Identify", "Outline", "Draft", "Name", "Design", "Plan"];

    private static readonly string[] FunctionWords = ["the", "a", "of", "to", "and", "in", "for", "about", "with", "that", "on", "is",
        "how", "an", "your", "what", "from", "by", "as", "it", "this", "be", "or", "are", "you", "why", "which", "at", "more", "into"];

    public static List<string> Generate(int count, int seed, double paraphraseShare)
    {
        var random = new Random(seed);
        var lexicon = Lexicon(random, 30_000);
        var lexiconCdf = ZipfCdf(lexicon.Length, 1.05);
        var functionCdf = ZipfCdf(FunctionWords.Length, 1.0);
        string Word() => random.NextDouble() < 0.4 ? FunctionWords[Draw(functionCdf, random)] : lexicon[Draw(lexiconCdf, random)];

        var result = new List<string>(count);
        while (result.Count < count)
        {
            List<string> words;
            if (result.Count > 0 && random.NextDouble() < paraphraseShare)
            {
                words = [.. result[random.Next(result.Count)].Split(' ')];
                for (var edits = 1 + random.Next(3); edits > 0; edits--)
                {
                    var at = random.Next(words.Count);
                    switch (random.Next(4))
                    {
                        case 0: words[at] = Word(); break;
                        case 1: words.Insert(at, Word()); break;
                        case 2 when words.Count > 3: words.RemoveAt(at); break;
                        default:
                            if (at + 1 < words.Count)
                                (words[at], words[at + 1]) = (words[at + 1], words[at]);
                            break;
                    }
                }
            }
            else
            {
                words = [Verbs[random.Next(Verbs.Length)]];
                for (var n = 5 + random.Next(14); n > 0; n--)
                    words.Add(Word());
            }
            result.Add(string.Join(' ', words));
        }
        return result;
    }

    private static string[] Lexicon(Random random, int size)
    {
        string[] onsets = ["b", "c", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "br", "st", "tr", "ch", "sh", "pl"];
        string[] vowels = ["a", "e", "i", "o", "u", "ea", "ou", "ai"];
        var words = new HashSet<string>(StringComparer.Ordinal);
        while (words.Count < size)
        {
            var syllables = 1 + random.Next(3);
            var word = string.Concat(Enumerable.Range(0, syllables).Select(_ => onsets[random.Next(onsets.Length)] + vowels[random.Next(vowels.Length)]));
            words.Add(random.Next(3) == 0 ? word + "n" : word);
        }
        return [.. words];
    }

    private static double[] ZipfCdf(int n, double exponent)
    {
        var cdf = new double[n];
        var sum = 0.0;
        for (var i = 0; i < n; i++)
            cdf[i] = sum += 1 / Math.Pow(i + 1, exponent);
        for (var i = 0; i < n; i++)
            cdf[i] /= sum;
        return cdf;
    }

    private static int Draw(double[] cdf, Random random)
    {
        var i = Array.BinarySearch(cdf, random.NextDouble());
        return Math.Min(i < 0 ? ~i : i, cdf.Length - 1);
    }
}

internal sealed record Args(int Count, int Naive, double Threshold, double Paraphrases, int Seed)
{
    public static Args Parse(string[] argv)
    {
        var a = new Args(50_000, 5_000, 0.7, 0.4, 1);
        for (var i = 0; i < argv.Length; i++)
        {
            string Value() => i + 1 < argv.Length ? argv[++i] : throw new ArgumentException($"{argv[i]} needs a value");
            a = argv[i] switch
            {
                "--count" => a with { Count = int.Parse(Value()) },
                "--naive" => a with { Naive = int.Parse(Value()) },
                "--threshold" => a with { Threshold = double.Parse(Value()) },
                "--paraphrases" => a with { Paraphrases = double.Parse(Value()) },
                "--seed" => a with { Seed = int.Parse(Value()) },
                _ => throw new ArgumentException($"unknown option {argv[i]} (--count --naive --threshold --paraphrases --seed)"),
            };
        }
        return a;
    }
}
