# Stands for another module in the same session that ships its own Google.Protobuf, a different version from
# MilvusDM's, loaded the ordinary way: Add-Type -Path, into PowerShell's default load context.
param([Parameter(Mandatory)] [string] $ProtobufPath)

$script:protobuf = (Add-Type -Path $ProtobufPath -PassThru | Select-Object -First 1).Assembly

# Serializes and parses a message with this module's Protobuf and says which Protobuf that was.
function Test-ProbeProtobuf {
    $timestamp = $protobuf.GetType('Google.Protobuf.WellKnownTypes.Timestamp', $true)
    $message = $timestamp::FromDateTimeOffset([DateTimeOffset]::new(2020, 1, 2, 3, 4, 5, [TimeSpan]::Zero))
    $bytes = $protobuf.GetType('Google.Protobuf.MessageExtensions', $true)::ToByteArray($message)
    $back = $timestamp::Parser.ParseFrom($bytes)
    [pscustomobject]@{
        Version   = $protobuf.GetName().Version.ToString()
        Context   = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($protobuf).Name
        FromProbe = $back.GetType().Assembly -eq $protobuf
        Json      = $protobuf.GetType('Google.Protobuf.JsonFormatter', $true)::Default.Format($back)
    }
}

Export-ModuleMember -Function Test-ProbeProtobuf
