using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using LlmDistill.Llama.Native;
using LlmDistill.Tests.Shared;

namespace LlmDistill.Llama.Tests.Native;

/// <summary>
/// Every struct we mirror must match the pinned llama.h byte for byte: a C program compiled with gcc
/// against the header prints sizeof/offsetof, and Marshal must agree for every field.
/// </summary>
public class NativeAbiTests
{
    private static readonly Dictionary<string, Type> Mirrors = new()
    {
        ["llama_model_params"] = typeof(LlamaModelParams),
        ["llama_context_params"] = typeof(LlamaContextParams),
        ["llama_batch"] = typeof(LlamaNativeBatch),
        ["llama_sampler_chain_params"] = typeof(LlamaSamplerChainParams),
        ["llama_token_data"] = typeof(LlamaTokenData),
        ["llama_token_data_array"] = typeof(LlamaTokenDataArray),
        ["llama_chat_message"] = typeof(LlamaNativeChatMessage),
    };

    private static readonly Lazy<Dictionary<string, long>> HeaderLayout = new(CompileAndRunProbe);

    public static TheoryData<string> StructNames() => [.. Mirrors.Keys];

    [Theory]
    [MemberData(nameof(StructNames))]
    public void Struct_size_matches_the_header(string cName)
    {
        var type = Mirrors[cName];
        Assert.Equal(HeaderLayout.Value[cName], Marshal.SizeOf(type));
    }

    [Theory]
    [MemberData(nameof(StructNames))]
    public void Every_field_is_at_the_header_offset_and_every_header_field_is_mirrored(string cName)
    {
        var type = Mirrors[cName];
        var fields = type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);
        var headerFields = HeaderLayout.Value.Keys.Where(k => k.StartsWith(cName + ".", StringComparison.Ordinal))
            .Select(k => k[(cName.Length + 1)..]).ToHashSet();

        Assert.Equal(headerFields.Order(), fields.Select(f => f.Name).Order());
        foreach (var field in fields)
            Assert.True(
                HeaderLayout.Value[$"{cName}.{field.Name}"] == Marshal.OffsetOf(type, field.Name).ToInt64(),
                $"{cName}.{field.Name}: header offset {HeaderLayout.Value[$"{cName}.{field.Name}"]}, C# {Marshal.OffsetOf(type, field.Name)}");
    }

    [Fact]
    public void Model_params_are_80_bytes_in_this_llama_cpp()
    {
        Assert.Equal(80, HeaderLayout.Value["llama_model_params"]);
        Assert.Equal(80, Marshal.SizeOf<LlamaModelParams>());
    }

    private static Dictionary<string, long> CompileAndRunProbe()
    {
        var source = Path.Combine(AppContext.BaseDirectory, "Native", "abi_probe.c");
        var exe = Path.Combine(Path.GetTempPath(), $"llm-distill-abi-probe-{Environment.ProcessId}");
        Run("gcc", ["-std=c11", "-I", LlamaCppSource.Path("include"), "-I", LlamaCppSource.Path("ggml", "include"), source, "-o", exe]);
        try
        {
            return Run(exe, []).Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line.Split(' '))
                .ToDictionary(parts => parts[0], parts => long.Parse(parts[1]));
        }
        finally
        {
            File.Delete(exe);
        }
    }

    private static string Run(string file, string[] arguments)
    {
        var psi = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{file} failed: {stderr}");
        return stdout.Result;
    }
}
