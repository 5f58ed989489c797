BeforeDiscovery {
    # Derived from the module itself, not kept by hand: every cmdlet class in the assembly, and which of them change things.
    Import-Module (Join-Path $PSScriptRoot '../../out/MilvusDM/MilvusDM.psd1') -Force
    $script:all = (Get-Command -Module MilvusDM).Name
    $script:changing = (Get-Command -Module MilvusDM | Where-Object Verb -In 'Copy', 'Dismount', 'Export', 'Import', 'Invoke', 'Mount', 'New', 'Remove', 'Set', 'Write', 'Backup', 'Restore').Name
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../out/MilvusDM/MilvusDM.psd1') -Force
}

Describe 'MilvusDM module' -Tag Unit {
    It 'exports exactly its cmdlet classes' {
        $assembly = (Get-Command Connect-Milvus).ImplementingType.Assembly
        $classes = $assembly.GetTypes() | ForEach-Object { $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false) } | ForEach-Object { "$($_.VerbName)-$($_.NounName)" }
        (Get-Command -Module MilvusDM).Name | Sort-Object | Should -Be ($classes | Sort-Object)
        $all.Count | Should -BeGreaterThan 30
    }

    It '<_> declares an output type' -ForEach $all {
        (Get-Command $_).OutputType | Should -Not -BeNullOrEmpty
    }

    It '<_> supports -WhatIf and -Confirm' -ForEach $changing {
        (Get-Command $_).Parameters.Keys | Should -Contain 'WhatIf'
        (Get-Command $_).Parameters.Keys | Should -Contain 'Confirm'
    }

    It 'loads its dependencies in the MilvusDM load context' {
        $core = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'MilvusDM.Core' }
        if ($core) { [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($core).Name | Should -Be 'MilvusDM' }
    }

    It 'renders <_> as plain help text' -ForEach 'about_MilvusDM', 'about_MilvusDM_Formats', 'about_MilvusDM_TaskFile' {
        $text = Get-Help $_ | Out-String
        $text | Should -Match 'SHORT DESCRIPTION'
        $text | Should -Match "TOPIC\s+$_"
        $text | Should -Not -Match '```|^#+ |`'
    }

    It 'gives every cmdlet INPUTS, OUTPUTS and related links' {
        foreach ($name in (Get-Command -Module MilvusDM).Name) {
            $help = Get-Help $name -Full
            $help.inputTypes.inputType.type.name | Should -Not -BeNullOrEmpty -Because "$name INPUTS"
            $help.returnValues.returnValue.type.name | Should -Not -BeNullOrEmpty -Because "$name OUTPUTS"
            $help.relatedLinks.navigationLink.linkText | Should -Contain 'about_MilvusDM' -Because "$name RELATED LINKS"
        }
    }
}
