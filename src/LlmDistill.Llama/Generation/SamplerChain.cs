using LlmDistill.Llama.Native;

namespace LlmDistill.Llama.Generation;

/// <summary>Builds a llama.cpp sampler chain for one sequence from <see cref="SamplingOptions"/>.</summary>
internal static class SamplerChain
{
    private const uint RandomSeed = 0xFFFFFFFF; // LLAMA_DEFAULT_SEED: llama.cpp picks one

    public static SafeLlamaSamplerChainHandle Create(SamplingOptions options)
    {
        var parameters = NativeMethods.llama_sampler_chain_default_params();
        parameters.no_perf = 1;
        var chain = new SafeLlamaSamplerChainHandle(NativeMethods.llama_sampler_chain_init(parameters));
        if (chain.IsInvalid)
            throw new InvalidOperationException("llama_sampler_chain_init failed");
        if (options.Temperature <= 0)
        {
            NativeMethods.llama_sampler_chain_add(chain, NativeMethods.llama_sampler_init_greedy());
            return chain;
        }
        if (options.TopK > 0)
            NativeMethods.llama_sampler_chain_add(chain, NativeMethods.llama_sampler_init_top_k(options.TopK));
        if (options.TopP < 1)
            NativeMethods.llama_sampler_chain_add(chain, NativeMethods.llama_sampler_init_top_p(options.TopP, 1));
        NativeMethods.llama_sampler_chain_add(chain, NativeMethods.llama_sampler_init_temp(options.Temperature));
        NativeMethods.llama_sampler_chain_add(chain, NativeMethods.llama_sampler_init_dist(options.Seed ?? RandomSeed));
        return chain;
    }
}
