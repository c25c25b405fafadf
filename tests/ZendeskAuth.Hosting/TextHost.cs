using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace ZendeskAuth.Hosting;

/// <summary>
/// A minimal host whose UI writes to a <see cref="TextWriter"/>, so Out-Default and the format views render
/// as they would in a console. It never prompts: a prompt in a test or a runbook is a bug.
/// </summary>
public sealed class TextHost : PSHost
{
    private readonly TextHostUserInterface _ui;

    public TextHost(TextWriter writer, int width = 120) => _ui = new TextHostUserInterface(writer, width);

    public override string Name => "ZendeskAuth.Hosting";
    public override Version Version => new(1, 0);
    public override Guid InstanceId { get; } = Guid.NewGuid();
    public override PSHostUserInterface UI => _ui;
    public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;
    public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;
    public override void EnterNestedPrompt() => throw new NotSupportedException();
    public override void ExitNestedPrompt() => throw new NotSupportedException();
    public override void NotifyBeginApplication() { }
    public override void NotifyEndApplication() { }
    public override void SetShouldExit(int exitCode) { }

    private sealed class TextHostUserInterface(TextWriter writer, int width) : PSHostUserInterface
    {
        public override PSHostRawUserInterface RawUI { get; } = new RawUserInterface(width);
        public override string ReadLine() => throw new NotSupportedException("The hosted engine does not prompt.");
        public override SecureString ReadLineAsSecureString() => throw new NotSupportedException("The hosted engine does not prompt.");
        public override void Write(string value) => writer.Write(value);
        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => writer.Write(value);
        public override void WriteLine(string value) => writer.WriteLine(value);
        public override void WriteErrorLine(string value) => writer.WriteLine("ERROR: " + value);
        public override void WriteDebugLine(string message) => writer.WriteLine("DEBUG: " + message);
        public override void WriteVerboseLine(string message) => writer.WriteLine("VERBOSE: " + message);
        public override void WriteWarningLine(string message) => writer.WriteLine("WARNING: " + message);
        public override void WriteProgress(long sourceId, ProgressRecord record) { }
        public override Dictionary<string, PSObject> Prompt(string caption, string message, System.Collections.ObjectModel.Collection<FieldDescription> descriptions) =>
            throw new NotSupportedException("The hosted engine does not prompt.");
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) =>
            throw new NotSupportedException("The hosted engine does not prompt.");
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) =>
            throw new NotSupportedException("The hosted engine does not prompt.");
        public override int PromptForChoice(string caption, string message, System.Collections.ObjectModel.Collection<ChoiceDescription> choices, int defaultChoice) =>
            throw new NotSupportedException("The hosted engine does not prompt.");
    }

    private sealed class RawUserInterface(int width) : PSHostRawUserInterface
    {
        public override ConsoleColor BackgroundColor { get; set; } = ConsoleColor.Black;
        public override ConsoleColor ForegroundColor { get; set; } = ConsoleColor.Gray;
        public override Size BufferSize { get; set; } = new(width, 9999);
        public override Coordinates CursorPosition { get; set; }
        public override int CursorSize { get; set; }
        public override bool KeyAvailable => false;
        public override Size MaxPhysicalWindowSize => new(width, 100);
        public override Size MaxWindowSize => new(width, 100);
        public override Coordinates WindowPosition { get; set; }
        public override Size WindowSize { get; set; } = new(width, 100);
        public override string WindowTitle { get; set; } = "";
        public override void FlushInputBuffer() { }
        public override BufferCell[,] GetBufferContents(Rectangle rectangle) => throw new NotSupportedException();
        public override KeyInfo ReadKey(ReadKeyOptions options) => throw new NotSupportedException();
        public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill) { }
        public override void SetBufferContents(Coordinates origin, BufferCell[,] contents) { }
        public override void SetBufferContents(Rectangle rectangle, BufferCell fill) { }
    }
}
