namespace LlmDistill.Training.Data;

/// <summary>The teacher's most likely tokens at one generated position, most likely first.</summary>
/// <param name="Ids">Token ids in the teacher's (and the student's) vocabulary.</param>
/// <param name="Logprobs">Natural-log probabilities under the teacher, same order.</param>
public sealed record TeacherPosition(int[] Ids, float[] Logprobs);
