using IvrService.Media.Audio;
using Microsoft.Extensions.Options;

namespace IvrService.Host.Internal;

/// <summary>Checks the <c>Calls</c> section at start, including that the welcome prompt is a WAV we can play.</summary>
internal sealed class CallOptionsValidator(IHostEnvironment environment) : IValidateOptions<CallOptions>
{
    public ValidateOptionsResult Validate(string? name, CallOptions options)
    {
        var problems = options.Validate();
        var path = Path.GetFullPath(options.WelcomePrompt, environment.ContentRootPath);
        if (!File.Exists(path))
        {
            problems.Add($"Calls:WelcomePrompt: '{path}' does not exist");
        }
        else if (!WavReader.TryRead(File.ReadAllBytes(path), out _, out var error))
        {
            problems.Add($"Calls:WelcomePrompt: '{path}' is not a playable WAV file: {error}");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
