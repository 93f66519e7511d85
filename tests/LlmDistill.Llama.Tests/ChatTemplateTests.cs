using LlmDistill.Core.Errors;
using LlmDistill.Gguf.Llama;
using LlmDistill.Gguf.Tokenizer;
using LlmDistill.Llama.Tests.Models;

namespace LlmDistill.Llama.Tests;

[Collection(TinyLlamaGroup.Name)]
public sealed class ChatTemplateTests(TinyLlamaFixture tiny) : IDisposable
{
    private const string ChatMlTemplate =
        "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}" +
        "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

    private readonly string _dir = Directory.CreateTempSubdirectory("llm-distill-chat-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void The_gguf_chat_template_is_read_and_applied()
    {
        var path = Path.Combine(_dir, "chat.gguf");
        var vocab = ByteLevelBpeVocabulary.Create() with { ChatTemplate = ChatMlTemplate };
        new LlamaGgufWriter(new LlamaHyperParameters(vocab.Tokens.Length, 32, 1, 2, 2, 64)).SetTokenizer(vocab).FillRandom(1).Write(path);
        using var model = LlamaModel.Load(path, new LlamaModelOptions { VocabOnly = true });

        var text = model.ApplyChatTemplate([new("user", "hi")], addAssistantPrompt: true);

        Assert.Equal(ChatMlTemplate, model.ChatTemplate);
        Assert.Equal("<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n", text);
        Assert.Equal("<|im_start|>user\nhi<|im_end|>\n", model.ApplyChatTemplate([new("user", "hi")], addAssistantPrompt: false));
    }

    [Fact]
    public void A_model_without_a_template_is_invalid_input()
    {
        Assert.Null(tiny.Model.ChatTemplate);

        var e = Assert.Throws<InvalidInputException>(() => tiny.Model.ApplyChatTemplate([new("user", "hi")]));
        Assert.Contains("no chat template", e.Message);
    }

    [Fact]
    public void A_template_llama_cpp_does_not_know_is_invalid_input()
    {
        Assert.Throws<InvalidInputException>(() => tiny.Model.ApplyChatTemplate([new("user", "hi")], template: "{{ nothing known }}"));
    }

    [Fact]
    public void Long_chats_grow_the_output_buffer()
    {
        var content = new string('x', 5000);

        var text = tiny.Model.ApplyChatTemplate([new("user", content), new("assistant", content)], template: "chatml");

        Assert.Contains(content + "<|im_end|>", text, StringComparison.Ordinal);
        Assert.EndsWith("<|im_start|>assistant\n", text, StringComparison.Ordinal);
    }
}
