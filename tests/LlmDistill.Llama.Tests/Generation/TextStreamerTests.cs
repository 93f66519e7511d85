using System.Text;
using LlmDistill.Llama.Generation;

namespace LlmDistill.Llama.Tests.Generation;

public class TextStreamerTests
{
    [Fact]
    public void A_character_split_over_pieces_is_released_once_complete()
    {
        var streamer = new TextStreamer([]);
        var llama = Encoding.UTF8.GetBytes("🦙");

        Assert.Equal("", streamer.Append(llama.AsSpan(0, 1)));
        Assert.Equal("", streamer.Append(llama.AsSpan(1, 2)));
        Assert.Equal("🦙!", streamer.Append([llama[3], (byte)'!']));
        Assert.Equal("", streamer.Finish());
    }

    [Fact]
    public void An_incomplete_character_at_the_end_becomes_a_replacement_character()
    {
        var streamer = new TextStreamer([]);

        Assert.Equal("a", streamer.Append([(byte)'a', 0xF0, 0x9F]));
        Assert.Equal("\uFFFD", streamer.Finish());
    }

    [Fact]
    public void A_stop_string_split_over_pieces_is_found_and_not_released()
    {
        var streamer = new TextStreamer(["</answer>"]);

        Assert.Equal("42 ", streamer.Append("42 </an"u8));
        Assert.False(streamer.Stopped);
        Assert.Equal("", streamer.Append("swer> more"u8));
        Assert.True(streamer.Stopped);
        Assert.Equal("", streamer.Finish());
    }

    [Fact]
    public void Held_back_text_is_released_when_it_turns_out_not_to_be_a_stop()
    {
        var streamer = new TextStreamer(["###"]);

        Assert.Equal("x", streamer.Append("x##"u8));
        Assert.Equal("##y", streamer.Append("y"u8));
        Assert.Equal("", streamer.Append("#"u8));
        Assert.Equal("#", streamer.Finish());
    }

    [Fact]
    public void The_earliest_of_several_stops_wins()
    {
        var streamer = new TextStreamer(["\n\n", "END"]);

        Assert.Equal("abc", streamer.Append("abcEND\n\n"u8));
        Assert.True(streamer.Stopped);
    }
}
