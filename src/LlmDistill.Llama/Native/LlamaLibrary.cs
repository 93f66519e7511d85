using System.Reflection;
using System.Runtime.InteropServices;
using LlmDistill.Core.Errors;

namespace LlmDistill.Llama.Native;

/// <summary>
/// The one place that finds and loads llama.cpp: a DllImport resolver for this assembly that maps the
/// logical names of <see cref="NativeMethods"/> to the pinned files in one folder, chosen in order from
/// <c>LLM_DISTILL_LLAMA_DIR</c>, <c>llama/</c> beside the application or this assembly, and the cache of
/// scripts/fetch-llama-cpp.sh. Loading also registers the dynamic CPU backends and routes logging.
/// </summary>
internal static class LlamaLibrary
{
    internal const string DirectoryVariable = "LLM_DISTILL_LLAMA_DIR";
    internal const string PinnedVersion = "3.22.1";
    private const string Advice = "run scripts/fetch-llama-cpp.sh (or build the solution) or set " + DirectoryVariable + " to a folder holding libllama.v0.5.0.so";

    private static readonly Dictionary<string, string[]> FileNames = new(StringComparer.Ordinal)
    {
        [NativeMethods.LlamaLib] = ["libllama.v0.5.0.so", "libllama.so"],
        [NativeMethods.GgmlLib] = ["libggml.v0.5.0.so", "libggml.so"],
        [NativeMethods.GgmlBaseLib] = ["libggml-base.so"],
    };

    private static readonly Lock Gate = new();
    private static string? _directory;
    private static Exception? _failure;

    /// <summary>The folder the libraries were loaded from, once <see cref="EnsureLoaded"/> succeeded.</summary>
    public static string? Directory => Volatile.Read(ref _directory);

    /// <summary>Loads llama.cpp once per process; throws <see cref="RuntimeUnavailableException"/> (every time) if it cannot.</summary>
    public static void EnsureLoaded()
    {
        if (Volatile.Read(ref _directory) is not null)
            return;
        lock (Gate)
        {
            if (_directory is not null)
                return;
            if (_failure is not null)
                throw new RuntimeUnavailableException(_failure.Message, _failure.InnerException);
            try
            {
                _directory = Load();
            }
            catch (RuntimeUnavailableException e)
            {
                _failure = e;
                throw;
            }
        }
    }

    /// <summary>Candidate folders, most specific first.</summary>
    internal static IEnumerable<string> CandidateDirectories()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(DirectoryVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            // An explicit override is the only candidate: silently falling back would hide a typo.
            yield return fromEnvironment;
            yield break;
        }
        yield return Path.Combine(AppContext.BaseDirectory, "llama");
        yield return AppContext.BaseDirectory;
        var assemblyDir = Path.GetDirectoryName(typeof(LlamaLibrary).Assembly.Location);
        if (!string.IsNullOrEmpty(assemblyDir))
            yield return Path.Combine(assemblyDir, "llama");
        yield return CacheDirectory();
    }

    /// <summary>The bins folder scripts/fetch-llama-cpp.sh fills (same rules as the script).</summary>
    internal static string CacheDirectory()
    {
        var root = Environment.GetEnvironmentVariable("LLM_DISTILL_CACHE");
        if (string.IsNullOrEmpty(root))
        {
            var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            root = Path.Combine(
                string.IsNullOrEmpty(xdg) ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache") : xdg,
                "llm-distill");
        }
        return Path.Combine(root, "llama.cpp", PinnedVersion, "bins");
    }

    /// <summary>The first candidate holding libllama; <see cref="RuntimeUnavailableException"/> naming them all when none does.</summary>
    internal static string FindDirectory(IReadOnlyList<string> candidates)
    {
        var dir = candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, FileNames[NativeMethods.LlamaLib][0])));
        return dir is null
            ? throw new RuntimeUnavailableException($"llama.cpp libraries not found (looked in {string.Join(", ", candidates)}); {Advice}.")
            : Path.GetFullPath(dir);
    }

    private static string Load()
    {
        var dir = FindDirectory(CandidateDirectories().ToArray());
        var resolver = new Resolver(dir);
        NativeLibrary.SetDllImportResolver(typeof(LlamaLibrary).Assembly, resolver.Resolve);
        try
        {
            // Load explicitly so that a broken library fails here, with a message, not at a random first call.
            foreach (var name in new[] { NativeMethods.GgmlBaseLib, NativeMethods.GgmlLib, NativeMethods.LlamaLib })
                resolver.LoadOrThrow(name);
            LlamaLog.Install();
            NativeMethods.ggml_backend_load_all_from_path(dir);
            NativeMethods.llama_backend_init();
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            throw new RuntimeUnavailableException($"llama.cpp in {dir} could not be loaded ({e.Message}); {Advice}.", e);
        }
        if (NativeMethods.ggml_backend_reg_count() == 0)
            throw new RuntimeUnavailableException($"llama.cpp in {dir} has no usable CPU backend (libggml-cpu-*.so); {Advice}.");
        return dir;
    }

    private sealed class Resolver(string directory)
    {
        private readonly Dictionary<string, IntPtr> _loaded = new(StringComparer.Ordinal);

        public IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
        {
            lock (_loaded)
            {
                if (_loaded.TryGetValue(libraryName, out var handle))
                    return handle;
                if (!FileNames.TryGetValue(libraryName, out var names))
                    return IntPtr.Zero;
                foreach (var name in names)
                {
                    var path = Path.Combine(directory, name);
                    if (File.Exists(path) && NativeLibrary.TryLoad(path, out handle))
                    {
                        _loaded[libraryName] = handle;
                        return handle;
                    }
                }
                return IntPtr.Zero;
            }
        }

        public void LoadOrThrow(string libraryName)
        {
            if (Resolve(libraryName, typeof(LlamaLibrary).Assembly, null) != IntPtr.Zero)
                return;
            var path = Path.Combine(directory, FileNames[libraryName][0]);
            // NativeLibrary.Load reports the dynamic loader's reason (missing dependency, wrong ELF class).
            _ = NativeLibrary.Load(path);
        }
    }
}
