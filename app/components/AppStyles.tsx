/** The app's few layout rules: phone first, one column; wider screens get more columns. */
const CSS = `
/* Phone first: one column, full-width fields; wider screens get two columns of filters. */
.cpcm-app {
    padding: 12px;
    max-width: 1100px;
    margin: 0 auto;
}
.cpcm-filters,
.cpcm-form {
    display: grid;
    grid-template-columns: 1fr;
    gap: 12px;
    margin: 12px 0;
}
.cpcm-form {
    max-width: 640px;
}
@media (min-width: 720px) {
    .cpcm-app {
        padding: 24px;
    }
    .cpcm-filters {
        grid-template-columns: repeat(4, minmax(0, 1fr));
    }
}
.cpcm-steps {
    display: flex;
    flex-wrap: wrap;
    gap: 4px;
    padding: 0;
    list-style: none;
}
.cpcm-steps li {
    padding: 4px 8px;
    border: 1px solid #a0adba;
    border-radius: 4px;
    font-size: 14px;
}
.cpcm-steps li[data-state='done'] {
    background: #e5f3e5;
}
.cpcm-steps li[data-state='current'] {
    background: #fff8e1;
    border-width: 2px;
    font-weight: 600;
}
.cpcm-visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
}
.cpcm-definition {
    font-size: 14px;
    color: #4a5768;
    margin: 4px 0 8px;
}
`

export const AppStyles = () => <style>{CSS}</style>
