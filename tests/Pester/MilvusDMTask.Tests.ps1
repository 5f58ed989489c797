BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../out/MilvusDM/MilvusDM.psd1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:server = Start-TestServer
    $script:examples = Join-Path $PSScriptRoot '../../examples'
    & /usr/bin/python3 (Join-Path $examples 'make_data.py') | Out-Null
    $env:MILVUSDM_PORT = ([uri]$server.Uri).Port
}

AfterAll {
    Remove-Item Env:MILVUSDM_PORT -ErrorAction SilentlyContinue
    Stop-TestServer $server
}

Describe 'Task files' -Tag Integration {
    It 'validates the examples and reports a broken file by key and line' {
        (Test-MilvusDMTask (Join-Path $examples 'demo.yaml')).Valid | Should -BeTrue
        $bad = Test-MilvusDMTask (Join-Path $PSScriptRoot '../fixtures/taskfiles/broken/unknown_key.yaml') -ErrorAction SilentlyContinue
        $bad.Valid | Should -BeFalse
        $bad.Errors[0].Key | Should -Be 'F2M.dest_hots'
        $bad.Errors[0].Line | Should -Be 5
    }

    It 'runs the old form unchanged' {
        $result = Invoke-MilvusDMTask (Join-Path $examples 'F2M.yaml') -Force -WarningAction SilentlyContinue
        $result.Status | Should -Be 'Succeeded'
        $result.Rows | Should -Be 1000
    }

    It 'runs every step of the demo, verified' {
        $results = Invoke-MilvusDMTask (Join-Path $examples 'demo.yaml') -Force
        $results.Status | Sort-Object -Unique | Should -Be 'Succeeded'
        ($results | Where-Object Verified -eq $false) | Should -BeNullOrEmpty
    }

    It 'plans without running under -WhatIf' {
        Invoke-MilvusDMTask (Join-Path $examples 'demo.yaml') -WhatIf | Should -BeNullOrEmpty
    }
}
