using LlmDistill.Core.Errors;
using LlmDistill.Core.Prompts;
using LlmDistill.Llama;
using LlmDistill.Serving.Backend;
using LlmDistill.Serving.Tests.Support;

namespace LlmDistill.Serving.Tests.Backend;

[Collection(TinyModelGroup.Name)]
public sealed class ChatPromptFormatterTests(TinyModels models)
{
    private static readonly ChatMessage[] Chat = [new(ChatMessage.SystemRole, "Be brief."), new(ChatMessage.UserRole, "hi")];

    [Fact]
    public void The_gguf_chat_template_is_applied_through_llama_cpp()
    {
        using var model = LlamaModel.Load(models.WithTemplate, new LlamaModelOptions { VocabOnly = true });

        Assert.Equal("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n",
            ChatPromptFormatter.Format(model, Chat, template: null));
    }

    [Fact]
    public void Without_a_template_the_plain_fallback_is_used_and_a_named_template_overrides()
    {
        using var model = LlamaModel.Load(models.WithoutTemplate, new LlamaModelOptions { VocabOnly = true });

        Assert.Equal("system: Be brief.\nuser: hi\nassistant:", ChatPromptFormatter.Format(model, Chat, template: null));
        Assert.Equal("hi", ChatPromptFormatter.Format(model, [new(ChatMessage.UserRole, "hi")], template: null));
        Assert.StartsWith("<|im_start|>system", ChatPromptFormatter.Format(model, Chat, template: "chatml"), StringComparison.Ordinal);
        Assert.Throws<InvalidInputException>(() => ChatPromptFormatter.Format(model, Chat, template: "no-such-template"));
    }
}
