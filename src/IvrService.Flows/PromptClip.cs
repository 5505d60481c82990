namespace IvrService.Flows;

/// <summary>
/// One prompt to play: its key (the audio is <c>prompts/&lt;language&gt;/&lt;key&gt;.wav</c>, or the text rendered
/// by text-to-speech when that file is missing) and the text the caller hears, for transcripts.
/// </summary>
public sealed record PromptClip(string Language, string Key, string Text);
