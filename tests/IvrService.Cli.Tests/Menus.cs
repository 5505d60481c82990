namespace IvrService.Cli.Tests;

/// <summary>Small menu definitions in the documented YAML schema.</summary>
internal static class Menus
{
    public const string Valid =
        """
        id: test
        languages: [en]
        start: main
        nodes:
          main:
            type: menu
            prompt: [main_menu]
            timeout: 5s
            options:
              "1": bye
              "0": operator
            invalid: invalid
            no_input: no_input
            retries: 2
            after_retries: bye
          operator:
            type: transfer
            prompt: [transferring]
            destination: operator
            failed: bye
          bye:
            type: hangup
            prompt: [goodbye]
            outcome: completed

        """;

    /// <summary>Two options aim at nodes that do not exist (lines 11 and 12).</summary>
    public const string UnknownTargets =
        """
        id: broken
        languages: [en]
        start: main
        nodes:
          main:
            type: menu
            prompt: [main_menu]
            timeout: 5s
            options:
              "1": bye
              "2": nowhere
              "3": elsewhere
            invalid: invalid
            no_input: no_input
            retries: 2
            after_retries: bye
          bye:
            type: hangup
            prompt: [goodbye]
            outcome: completed

        """;
}
