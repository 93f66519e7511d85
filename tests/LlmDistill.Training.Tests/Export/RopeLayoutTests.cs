using LlmDistill.Training.Export;

namespace LlmDistill.Training.Tests.Export;

public class RopeLayoutTests
{
    /// <summary>
    /// The permutation is the one that turns a half-split (Hugging Face) rotary layout into llama.cpp's
    /// consecutive pairs: rotating halves of W·x equals rotating pairs of P(W)·x, rows re-ordered.
    /// </summary>
    [Theory]
    [InlineData(2, 8, 5)]
    [InlineData(3, 4, 7)]
    public void Half_split_to_pairs_moves_row_i_and_i_plus_half_to_rows_2i_and_2i_plus_1(int heads, int headDim, int inFeatures)
    {
        var random = new Random(1);
        var weight = Enumerable.Range(0, heads * headDim * inFeatures).Select(_ => (float)random.NextDouble()).ToArray();
        var x = Enumerable.Range(0, inFeatures).Select(_ => (float)random.NextDouble()).ToArray();
        var permuted = RopeLayout.HalfSplitToPairs(weight, heads, inFeatures);
        var hf = Project(weight, x);
        var gguf = Project(permuted, x);
        const double position = 3;
        var half = headDim / 2;
        for (var h = 0; h < heads; h++)
        {
            for (var i = 0; i < half; i++)
            {
                var theta = position * Math.Pow(10_000, -2.0 * i / headDim);
                var (c, s) = (Math.Cos(theta), Math.Sin(theta));
                double a = hf[(h * headDim) + i], b = hf[(h * headDim) + i + half]; // HF pairs i with i + D/2
                double p = gguf[(h * headDim) + (2 * i)], q = gguf[(h * headDim) + (2 * i) + 1]; // llama.cpp pairs 2i with 2i+1
                Assert.Equal((a * c) - (b * s), (p * c) - (q * s), 5);
                Assert.Equal((a * s) + (b * c), (p * s) + (q * c), 5);
            }
        }
    }

    [Fact]
    public void Shapes_that_are_not_whole_even_heads_are_refused()
    {
        Assert.Throws<ArgumentException>(() => RopeLayout.HalfSplitToPairs(new float[3 * 4 * 2], heads: 2, inFeatures: 4)); // head size 1.5
        Assert.Throws<ArgumentException>(() => RopeLayout.HalfSplitToPairs(new float[6 * 4], heads: 2, inFeatures: 4));     // head size 3: odd
    }

    private static double[] Project(float[] weight, float[] x)
    {
        var rows = weight.Length / x.Length;
        var y = new double[rows];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < x.Length; c++)
                y[r] += weight[(r * x.Length) + c] * x[c];
        }
        return y;
    }
}
