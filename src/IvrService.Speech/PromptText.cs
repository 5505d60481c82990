namespace IvrService.Speech;

/// <summary>One prompt of a catalog: its language, key (<c>welcome</c>, <c>number.1000</c>) and text.</summary>
public sealed record PromptText(string Language, string Key, string Text);
