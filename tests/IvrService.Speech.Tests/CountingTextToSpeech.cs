namespace IvrService.Speech.Tests;

/// <summary>Wraps a real provider, counting its renders and holding each one until the test opens the gate.</summary>
internal sealed class CountingTextToSpeech(ITextToSpeech inner) : ITextToSpeech
{
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _renders;

    public int Renders => Volatile.Read(ref _renders);

    public string Name => inner.Name;

    public string GetVoice(string language) => inner.GetVoice(language);

    public void Open() => _gate.TrySetResult();

    public async Task<SpeechAudio> SynthesizeAsync(string text, string language, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _renders);
        await _gate.Task.WaitAsync(cancellationToken);
        return await inner.SynthesizeAsync(text, language, cancellationToken);
    }
}
