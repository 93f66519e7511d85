using System.Runtime.InteropServices;

namespace LlmDistill.Llama.Native;

/// <summary><c>struct llama_chat_message</c>: two NUL-terminated UTF-8 strings.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct LlamaNativeChatMessage
{
    public byte* role;
    public byte* content;
}
